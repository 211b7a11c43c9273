/**
 * The model server on a prompt package, against the OpenAI-compatible stand-in on 127.0.0.1: rows
 * rendered into the packaged variant, replies parsed (labels matched, JSON checked with ajv), tokens
 * and cost per row, the placeholders as the OpenAPI inputs, the provider key from this machine's
 * environment, and each call in the prediction log. Token figures are the stand-in's (words), counted by hand.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writePromptPackage } from '../engine/models/package/prompt-package.js';
import { startStandIn, type StandIn } from '../engine/testing/openai-stand-in.js';
import { TEST_KEYS } from '../engine/testing/test-keys.fixture.js';
import type { PromptModelSpec } from '../engine/values.js';
import { startPromptServer } from './start.js';

const KEY = TEST_KEYS.openai;
const KEY_ENV = 'PROMPT_SERVE_TEST_KEY';
let standIn: StandIn;
let server: Awaited<ReturnType<typeof startPromptServer>> | undefined;
beforeEach(async () => {
  standIn = await startStandIn({ apiKey: KEY });
  process.env[KEY_ENV] = KEY;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await standIn.close();
  delete process.env[KEY_ENV];
});

function spec(over: Partial<PromptModelSpec> = {}): PromptModelSpec {
  return {
    provider: 'openai',
    baseUrl: standIn.baseURL,
    model: 'stand-in-small',
    apiKeyName: KEY_ENV,
    variants: [
      { name: 'other', system: 'unused', template: '{{nothing}}' },
      { name: 'short', system: 'Answer positive or negative.', template: 'Review: {{text}}' },
    ],
    placeholders: ['nothing', 'text'],
    outputMode: 'label',
    labels: ['positive', 'neutral'],
    sampling: { temperature: 0, maxTokens: 5 },
    price: { input: 1, output: 2 },
    ...over,
  };
}

async function serve(prompt: PromptModelSpec, logDir?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'ls-prompt-pkg-'));
  await writePromptPackage(dir, { name: 'sentiment', version: 3, prompt, variant: 'short', lineage: { inputs: [], libraries: {}, missing: [] } });
  server = await startPromptServer(dir, { port: 0, ...(logDir ? { logDir } : {}) });
  return server.url;
}

const post = (url: string, body: unknown) =>
  fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

it('renders each row into the packaged variant, parses the reply, and answers with validity, tokens and cost', async () => {
  const url = await serve(spec());
  const res = await post(url, { rows: [{ text: 'great food' }, { text: 'awful' }] });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { model: string; version: string; predictions: Record<string, unknown>[] };
  expect([body.model, body.version]).toEqual(['sentiment', '3']);
  // Prompt words: "Answer positive or negative." (4) + "Review: great food" (3) = 7, "Review: awful" = 6; replies "Positive." and "Negative" are 1 word each.
  // Cost at $1 and $2 per 1M tokens: (7 + 2) / 1e6 and (6 + 2) / 1e6.
  expect(body.predictions.map(({ latency_ms: _l, ...p }) => p)).toEqual([
    { reply: 'positive', valid: true, raw: 'Positive.', error: null, tokens_in: 7, tokens_out: 1, cost: 9e-6 },
    { reply: null, valid: false, raw: 'Negative', error: 'not one of positive, neutral', tokens_in: 6, tokens_out: 1, cost: 8e-6 },
  ]);
  expect(standIn.requests.map((r) => r.body.messages)).toEqual([
    [
      { role: 'system', content: 'Answer positive or negative.' },
      { role: 'user', content: 'Review: great food' },
    ],
    [
      { role: 'system', content: 'Answer positive or negative.' },
      { role: 'user', content: 'Review: awful' },
    ],
  ]);
  // The key came from this machine's environment, named by the package.
  expect(standIn.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
});

it('JSON output is validated with ajv; a row without a placeholder is a 400 naming it', async () => {
  const schema = '{"type":"object","properties":{"sentiment":{"enum":["positive","negative"]}},"required":["sentiment"]}';
  const url = await serve(spec({ outputMode: 'json', jsonSchema: schema, labels: undefined }));
  const res = await post(url, { rows: [{ text: 'nice' }] });
  expect(((await res.json()) as { predictions: { reply: string; valid: boolean }[] }).predictions[0]).toMatchObject({
    reply: '{"sentiment":"positive"}',
    valid: true,
  });
  const bad = await post(url, { rows: [{ review: 'nice' }] });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toEqual({
    error: 'bad request',
    errors: [{ field: 'text', message: 'row 0 lacks "text" ({{text}} in the template); send it (null for empty).' }],
  });
});

it('takes rows as CSV whose header names the placeholders', async () => {
  const url = await serve(spec());
  const res = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'text\ngreat food\n"awful, truly"\n' });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { predictions: { raw: string }[] };
  expect(body.predictions.map((p) => p.raw)).toEqual(['Positive.', 'Negative']);
  expect(standIn.requests.map((r) => (r.body.messages as { content: string }[])[1].content)).toEqual(['Review: great food', 'Review: awful, truly']);
  const bad = await fetch(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'review\nnice\n' });
  expect(bad.status).toBe(400);
});

it('the OpenAPI document lists the placeholders as the inputs and is valid OpenAPI 3.1', async () => {
  const url = await serve(spec());
  const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { components: { schemas: { Row: { required: string[]; properties: object } } } };
  expect(doc.components.schemas.Row.required).toEqual(['text']);
  expect(Object.keys(doc.components.schemas.Row.properties)).toEqual(['text']);
  const result = await new Validator().validate(doc as never);
  expect(result.errors).toBeUndefined();
  expect(result.valid).toBe(true);
});

it('the key comes from the environment variable the package names: unset, the server refuses to start; refused by the provider, a 502 naming it', async () => {
  delete process.env[KEY_ENV];
  await expect(serve(spec())).rejects.toThrow(`the key in environment variable ${KEY_ENV}, which is not set on this machine`);
  process.env[KEY_ENV] = 'sk-wrong';
  const url = await serve(spec());
  const res = await post(url, { rows: [{ text: 'good' }] });
  expect(res.status).toBe(502);
  expect(((await res.json()) as { message: string }).message).toContain(`refused the key in environment variable ${KEY_ENV} on the serving machine (401)`);
});

it("the prediction log keeps each call's rendered prompt, reply, validity, tokens, cost and latency", async () => {
  const logDir = await mkdtemp(join(tmpdir(), 'ls-prompt-log-'));
  const url = await serve(spec(), logDir);
  await post(url, { rows: [{ text: 'great food' }, { text: 'awful' }] });
  await server!.close();
  server = undefined;
  const [record] = readFileSync(join(logDir, 'predictions.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(record).toMatchObject({
    kind: 'prompt',
    model: 'sentiment',
    version: '3',
    route: '/predict',
    status: 200,
    rows: 2,
    inputs: [{ text: 'great food' }, { text: 'awful' }],
  });
  const outputs = record.outputs as Record<string, unknown>[];
  expect(outputs[0]).toMatchObject({
    prompt: 'system: Answer positive or negative.\nuser: Review: great food',
    reply: 'positive',
    valid: true,
    tokens_in: 7,
    tokens_out: 1,
    cost: 9e-6,
  });
  expect(outputs[1]).toMatchObject({
    prompt: 'system: Answer positive or negative.\nuser: Review: awful',
    reply: null,
    valid: false,
    raw: 'Negative',
    tokens_in: 6,
    tokens_out: 1,
  });
  expect(outputs.every((o) => typeof o.latency_ms === 'number' && (o.latency_ms as number) > 0)).toBe(true);
  expect(readFileSync(join(logDir, 'predictions.jsonl'), 'utf8')).not.toContain(KEY);
});
