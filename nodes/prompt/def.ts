import { defineNode } from '../../engine/node-def.js';
import { llmConnectionParams } from '../shared/llm/connection-params.js';

/**
 * The Prompt node: every row of a table through one or more prompt variants on an OpenAI-compatible
 * chat model. Output columns per variant `<v>`: `reply_<v>`, `valid_<v>`, `raw_<v>`, `tokens_in_<v>`,
 * `tokens_out_<v>`, `latency_ms_<v>`, `cost_<v>`, `cached_<v>`, `error_<v>` (see nodes/README.md).
 */
export const promptDef = defineNode({
  type: 'prompt',
  typeVersion: 1,
  title: 'Prompt',
  stage: 'prompt',
  icon: 'message-square',
  description: 'Sends each row through prompt variants to a chat model (OpenAI, Azure OpenAI or any OpenAI-compatible server) and adds the replies as columns.',
  inputs: [
    { name: 'table', kind: 'table', label: 'Rows' },
    {
      name: 'examples',
      kind: 'table',
      label: 'Few-shot examples',
      optional: true,
      description: 'Rows shown to the model before each row, with the answer column.',
    },
    {
      name: 'tuned',
      kind: 'model',
      label: 'Fine-tuned model',
      optional: true,
      description: 'A Fine-tune node\'s model: a variant whose Model is "fine-tuned" asks it.',
    },
  ],
  outputs: [
    { name: 'table', kind: 'table', label: 'Rows with replies' },
    {
      name: 'model',
      kind: 'model',
      label: 'Prompt',
      description: 'The prompt as a model for packaging: variants, provider, base URL, model, output mode; the key by name only.',
    },
  ],
  sendsRowsTo: 'baseUrl',
  params: {
    ...llmConnectionParams({ model: 'gpt-4o-mini', sends: 'rows', azureHint: ' Azure: https://<resource>.openai.azure.com.' }),
    variants: {
      kind: 'records',
      label: 'Prompt variants',
      itemLabel: 'Add variant',
      help: 'Each variant sends every row once. {{column}} in a template takes that column of the row. Names become column suffixes (reply_<name>).',
      fields: {
        name: { kind: 'text', label: 'Name', default: 'v1', required: true },
        system: { kind: 'text', label: 'System prompt', default: '', multiline: true, language: 'markdown' },
        template: { kind: 'text', label: 'Template', default: '', multiline: true, language: 'markdown', required: true },
        model: {
          kind: 'text',
          label: 'Model (this variant)',
          default: '',
          help: 'Empty: the node\'s Model. "fine-tuned": the model of the Fine-tuned model input. Any other name: that model, same provider.',
        },
      },
      default: [{ name: 'v1', system: '', template: '{{text}}', model: '' }],
    },
    exampleAnswer: {
      kind: 'column',
      port: 'examples',
      label: 'Example answer column',
      default: '',
      help: 'With a few-shot examples table: the column holding the answer; the other columns fill the template.',
    },
    outputMode: {
      kind: 'select',
      label: 'Output',
      options: [
        { value: 'text', label: 'Free text' },
        { value: 'label', label: 'One label from a list' },
        { value: 'json', label: 'JSON matching a schema' },
      ],
      default: 'text',
    },
    labels: {
      kind: 'list',
      label: 'Labels',
      default: [],
      showWhen: { outputMode: 'label' },
      help: 'The reply is trimmed, lower-cased and stripped of punctuation, then matched.',
    },
    jsonSchema: {
      kind: 'text',
      label: 'JSON Schema',
      default: '{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}',
      multiline: true,
      showWhen: { outputMode: 'json' },
    },
    temperature: { kind: 'number', label: 'Temperature', default: 0, min: 0, max: 2, step: 0.1, group: 'Sampling' },
    maxTokens: { kind: 'integer', label: 'Max tokens', default: 256, min: 1, max: 100000, group: 'Sampling' },
    seed: { kind: 'integer', label: 'Seed', default: -1, min: -1, help: '-1: none.', group: 'Sampling' },
    concurrency: { kind: 'integer', label: 'Requests at once', default: 4, min: 1, max: 64, group: 'Calls', advanced: true },
    timeoutSeconds: { kind: 'number', label: 'Timeout per request (s)', default: 60, min: 1, max: 3600, group: 'Calls', advanced: true },
    retries: { kind: 'integer', label: 'Retries on 429 and 5xx', default: 4, min: 0, max: 10, group: 'Calls', advanced: true },
    useCache: {
      kind: 'boolean',
      label: 'Reuse cached replies',
      default: true,
      group: 'Calls',
      help: 'Replies are kept in the workspace by the full request (never the key).',
    },
    refresh: {
      kind: 'boolean',
      label: 'Refresh: ask again',
      default: false,
      group: 'Calls',
      help: 'Sends every request again and replaces the cached replies.',
    },
    prices: {
      kind: 'records',
      label: 'Prices (USD per 1M tokens)',
      itemLabel: 'Add model price',
      group: 'Cost',
      advanced: true,
      fields: {
        model: { kind: 'text', label: 'Model', default: '', required: true },
        input: { kind: 'number', label: 'Input', default: 0, min: 0 },
        output: { kind: 'number', label: 'Output', default: 0, min: 0 },
      },
      default: [
        { model: 'gpt-4o-mini', input: 0.15, output: 0.6 },
        { model: 'gpt-4o', input: 2.5, output: 10 },
      ],
    },
  },
  summary: ['model', 'outputMode'],
});
