import { defineNode } from '../../engine/node-def.js';
import { llmConnectionParams } from '../shared/llm/connection-params.js';

/**
 * The Fine-tune node: a labelled table as a chat-format JSONL training file (OpenAI's fine-tuning
 * format), then, where the provider fine-tunes, the upload and the job, polled to its end. Its `model`
 * output names the fine-tuned model; a Prompt variant whose Model is `fine-tuned` uses it.
 *
 * @example
 * { source: 'columns', textColumn: 'text', answerColumn: 'label', system: 'Classify the sentiment.', baseUrl: 'https://api.openai.com/v1' }
 */
export const fineTuneDef = defineNode({
  type: 'fine-tune',
  typeVersion: 1,
  title: 'Fine-tune',
  stage: 'prompt',
  icon: 'sliders-horizontal',
  description:
    'Writes a labelled table as a chat-format JSONL training file and, where the provider offers fine-tuning, uploads it and runs a fine-tuning job; outputs the fine-tuned model for a Prompt variant.',
  inputs: [
    { name: 'table', kind: 'table', label: 'Labelled rows', description: 'A text (or the template columns) and the answer per row; the Labels node fits.' },
  ],
  outputs: [
    {
      name: 'model',
      kind: 'model',
      label: 'Fine-tuned model',
      description: 'Connect to a Prompt node\'s "Fine-tuned model" input; a variant with Model "fine-tuned" uses it.',
    },
    { name: 'report', kind: 'report', label: 'Training files', description: 'The JSONL files written and the rows left out, with why.' },
  ],
  sendsRowsTo: 'baseUrl',
  params: {
    source: {
      kind: 'select',
      label: 'User message',
      options: [
        { value: 'columns', label: 'A text column' },
        { value: 'template', label: 'A prompt template over the columns' },
      ],
      default: 'columns',
    },
    textColumn: { kind: 'column', port: 'table', label: 'Text column', default: 'text', showWhen: { source: 'columns' } },
    template: {
      kind: 'text',
      label: 'Template',
      default: '{{text}}',
      multiline: true,
      language: 'markdown',
      showWhen: { source: 'template' },
      help: 'As in the Prompt node: {{column}} takes that column of the row. Use the template the Prompt variant will use.',
    },
    answerColumn: {
      kind: 'column',
      port: 'table',
      label: 'Label / expected column',
      default: 'label',
      required: true,
      help: 'The assistant answer of each example. Rows without one are left out, counted and reported.',
    },
    system: { kind: 'text', label: 'System prompt', default: '', multiline: true, language: 'markdown', help: 'Empty: examples without a system message.' },
    validationShare: {
      kind: 'number',
      label: 'Validation share',
      default: 0,
      min: 0,
      max: 0.5,
      step: 0.05,
      help: 'Rows drawn (by the seed) into a separate validation file the provider reports loss on; 0: none.',
    },
    seed: { kind: 'integer', label: 'Seed', default: 42, min: 0, help: 'Draws the validation rows.' },
    action: {
      kind: 'select',
      label: 'Action',
      options: [
        { value: 'train', label: 'Write the file, upload it and fine-tune' },
        { value: 'export', label: 'Only write the JSONL file' },
      ],
      default: 'train',
    },
    ...llmConnectionParams({
      model: 'gpt-4o-mini-2024-07-18',
      sends: 'the training examples (every labelled row)',
      azureHint: ' Azure: https://<resource>.openai.azure.com.',
    }),
    suffix: { kind: 'text', label: 'Model name suffix', default: '', group: 'Job', help: 'Up to 64 characters, part of the fine-tuned model name.' },
    epochs: { kind: 'integer', label: 'Epochs', default: -1, min: -1, max: 50, group: 'Job', help: '-1: the provider chooses.' },
    pollSeconds: {
      kind: 'number',
      label: 'First status check after (s)',
      default: 10,
      min: 0.001,
      max: 600,
      group: 'Job',
      advanced: true,
      help: 'The wait grows by half after each check, up to 5 minutes.',
    },
    timeoutSeconds: { kind: 'number', label: 'Timeout per request (s)', default: 120, min: 1, max: 3600, group: 'Calls', advanced: true },
    retries: { kind: 'integer', label: 'Retries on 429 and 5xx', default: 4, min: 0, max: 10, group: 'Calls', advanced: true },
  },
  rules: [
    {
      params: ['suffix'],
      check: (v) => v.suffix.length <= 64,
      message: (v) => `the model name suffix has ${v.suffix.length} characters; the providers allow 64`,
    },
  ],
  summary: ['action', 'model'],
});
