import { defineNode } from '../../engine/node-def.js';
import { llmConnectionParams } from '../shared/llm/connection-params.js';

/**
 * The Embed node: a text column through an embeddings endpoint (OpenAI, Azure OpenAI or any
 * OpenAI-compatible server), many texts per request, into a DOUBLE[] vector column. Vectors are
 * cached in the workspace per text like the Prompt node's replies (see nodes/README.md).
 */
export const embedDef = defineNode({
  type: 'embed',
  typeVersion: 1,
  title: 'Embed',
  stage: 'prompt',
  icon: 'binary',
  description:
    'Turns a text column into a vector column through an embeddings model, for training a custom layer (Train, Custom head) on top of the premade model.',
  inputs: [{ name: 'table', kind: 'table', label: 'Rows' }],
  outputs: [{ name: 'table', kind: 'table', label: 'Rows with vectors' }],
  sendsRowsTo: 'baseUrl',
  params: {
    ...llmConnectionParams({ model: 'text-embedding-3-small', sends: 'the texts' }),
    column: {
      kind: 'column',
      port: 'table',
      label: 'Text column',
      default: 'text',
      required: true,
      help: 'Empty or missing texts are not sent; their vector is NULL.',
    },
    outputColumn: { kind: 'text', label: 'Vector column', default: 'embedding', required: true, help: 'A DOUBLE[] column of one length for every row.' },
    batchSize: { kind: 'integer', label: 'Texts per request', default: 64, min: 1, max: 2048, group: 'Calls' },
    concurrency: { kind: 'integer', label: 'Requests at once', default: 2, min: 1, max: 64, group: 'Calls', advanced: true },
    timeoutSeconds: { kind: 'number', label: 'Timeout per request (s)', default: 60, min: 1, max: 3600, group: 'Calls', advanced: true },
    retries: { kind: 'integer', label: 'Retries on 429 and 5xx', default: 4, min: 0, max: 10, group: 'Calls', advanced: true },
    useCache: {
      kind: 'boolean',
      label: 'Reuse cached vectors',
      default: true,
      group: 'Calls',
      help: 'Vectors are kept in the workspace by model and text (never the key).',
    },
    refresh: { kind: 'boolean', label: 'Refresh: ask again', default: false, group: 'Calls', help: 'Sends every text again and replaces the cached vectors.' },
    prices: {
      kind: 'records',
      label: 'Prices (USD per 1M tokens)',
      itemLabel: 'Add model price',
      group: 'Cost',
      advanced: true,
      fields: {
        model: { kind: 'text', label: 'Model', default: '', required: true },
        input: { kind: 'number', label: 'Input', default: 0, min: 0 },
      },
      default: [
        { model: 'text-embedding-3-small', input: 0.02 },
        { model: 'text-embedding-3-large', input: 0.13 },
      ],
    },
  },
  summary: ['model', 'column'],
});
