/**
 * Evaluate's grading-prompt params: a second model answers a rubric per row and variant. Off while
 * the grader's base URL is empty, so an Evaluate node sends nothing anywhere unless asked to (the
 * base URL is the node's `sendsRowsTo`: a host other than this machine must be allowed).
 */
import type { ParamValues } from '../../engine/node-def.js';

export const DEFAULT_RUBRIC = `Does the reply give the expected answer to the input?
<input>{{input}}</input>
<reply>{{reply}}</reply>
<expected>{{expected}}</expected>
Answer PASS or FAIL.`;

const group = 'Grading prompt';

export const gradeParams = {
  gradeBaseUrl: {
    kind: 'text',
    label: 'Grader base URL',
    default: '',
    group,
    help: 'Empty: no grading. Otherwise every reply, its expected value and input are sent here with the rubric; a host other than this machine must be allowed once per pipeline.',
  },
  gradeProvider: {
    kind: 'select',
    label: 'Grader provider',
    options: [
      { value: 'openai', label: 'OpenAI' },
      { value: 'azure', label: 'Azure OpenAI' },
      { value: 'compatible', label: 'OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio)' },
    ],
    default: 'openai',
    group,
  },
  gradeAzureApiVersion: { kind: 'text', label: 'Grader Azure API version', default: '2024-10-21', showWhen: { gradeProvider: 'azure' }, group },
  gradeModel: { kind: 'text', label: 'Grader model', default: 'gpt-4o-mini', group, help: 'Azure: the deployment name.' },
  gradeApiKey: {
    kind: 'secret',
    label: 'Grader API key (secret name)',
    default: 'OPENAI_API_KEY',
    group,
    help: 'The NAME of the secret; its value comes from the keychain (desktop) or the environment (CLI).',
  },
  gradeRubric: {
    kind: 'text',
    label: 'Rubric',
    default: DEFAULT_RUBRIC,
    multiline: true,
    language: 'markdown',
    group,
    help: '{{reply}}, {{expected}} and {{input}} are filled per row. The grader must answer PASS or FAIL; anything else counts as unclear (not a pass).',
  },
  gradeInput: {
    kind: 'column',
    port: 'scored',
    label: 'Input column ({{input}})',
    default: '',
    group,
    help: 'The column the prompt was about, e.g. the text.',
  },
  gradeConcurrency: { kind: 'integer', label: 'Grader requests at once', default: 4, min: 1, max: 64, group, advanced: true },
  gradeTimeoutSeconds: { kind: 'number', label: 'Grader timeout per request (s)', default: 60, min: 1, max: 3600, group, advanced: true },
  gradeRetries: { kind: 'integer', label: 'Grader retries on 429 and 5xx', default: 4, min: 0, max: 10, group, advanced: true },
} as const;

export type GradeParams = ParamValues<typeof gradeParams>;
