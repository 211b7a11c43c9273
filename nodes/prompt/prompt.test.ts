/**
 * The Prompt node against the OpenAI-compatible stand-in (engine/testing/openai-stand-in.ts) on
 * 127.0.0.1: variants, label and JSON parsing, invalid replies kept, cost, the response cache,
 * retries honouring Retry-After, and cancel. Figures are the stand-in's keyword rule, not a model's.
 */
import type { ModelValue } from '../../engine/values.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import { startStandIn, type StandIn } from '../../engine/testing/openai-stand-in.js';
import { promptParams, textTable, yelpTable } from '../testing/prompt-kit.js';
import { promptRunner } from './run.js';

let server: StandIn;
let ctx: FakeContext;
beforeEach(async () => {
  server = await startStandIn();
  ctx = await createTestContext();
});
afterEach(async () => {
  ctx.data.close();
  await server.close();
});

const rowsOf = async (table: string) => ctx.data.all(`SELECT * FROM "${table}"`);

it('two variants classify the yelp sentences; each gets its own columns and the stand-in accuracy', async () => {
  const input = await yelpTable(ctx, '/work/shared/data/text/yelp_labelled.txt');
  const system = 'Classify the sentiment of the review. Answer positive or negative.';
  const out = await promptRunner.run(
    ctx,
    { table: input },
    promptParams(server.baseURL, {
      concurrency: 8,
      outputMode: 'label',
      labels: ['positive', 'negative'],
      variants: [
        { name: 'plain', system, template: '{{text}}' },
        { name: 'great', system, template: 'Review: {{text}}\nWas it great?' },
      ],
    }),
  );
  const table = (out.table as { table: string }).table;
  const [acc] = await ctx.data.all<{ plain: number; great: number; n: number; invalid: number }>(
    `SELECT avg((reply_plain = label)::INT) AS plain, avg((reply_great = label)::INT) AS great, count(*) AS n,
            count(*) FILTER (WHERE NOT valid_plain OR NOT valid_great) AS invalid FROM "${table}"`,
  );
  // Independent figures (python3 over the file with the stand-in's keyword lists and rule: more
  // positive than negative words is positive; words [a-z']+ of the lower-cased text; the "great"
  // variant adds "Review: " and "\nWas it great?"): plain 755/1000, great 668/1000.
  expect(acc).toEqual({ plain: 0.755, great: 0.668, n: 1000, invalid: 0 });
  // 996 distinct sentences (`cut -f1 | sort -u | wc -l`): a repeated one is answered from the cache
  // unless its twin was still in flight, so 1,992 distinct requests and at most 2,000 sent.
  const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
  expect(new Set(chats.map((r) => JSON.stringify(r.body))).size).toBe(1992);
  expect(chats.length).toBeLessThanOrEqual(2000);
});

it('a reply outside the label list is marked invalid with its raw reply kept, never dropped', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'I love it, sentiment?' }, { text: 'bad food, sentiment?' }]);
  const out = await promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { outputMode: 'label', labels: ['positive', 'neutral'] }));
  const rows = await rowsOf((out.table as { table: string }).table);
  expect(rows.map((r) => [r.reply_v1, r.valid_v1, r.raw_v1])).toEqual([
    ['positive', true, 'Positive.'],
    [null, false, 'Negative'],
  ]);
  expect(rows[1].error_v1).toBe('not one of positive, neutral');
});

it('JSON mode sends the schema as structured output and validates every reply with ajv', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'great place' }, { text: 'awful' }]);
  const good = '{"type":"object","properties":{"sentiment":{"enum":["positive","negative"]}},"required":["sentiment"]}';
  const out = await promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { outputMode: 'json', jsonSchema: good }));
  const rows = await rowsOf((out.table as { table: string }).table);
  expect(rows.map((r) => [r.reply_v1, r.valid_v1])).toEqual([
    ['{"sentiment":"positive"}', true],
    ['{"sentiment":"negative"}', true],
  ]);
  expect((server.requests[0].body.response_format as { type: string }).type).toBe('json_schema');
  // The stand-in answers word counts for numbers: 2 and 1 fail minimum 2 only on the second row.
  const strict = '{"type":"object","properties":{"n":{"type":"integer","minimum":2}},"required":["n"]}';
  const out2 = await promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { outputMode: 'json', jsonSchema: strict, useCache: false }));
  const rows2 = await rowsOf((out2.table as { table: string }).table);
  expect(rows2.map((r) => [r.valid_v1, r.raw_v1])).toEqual([
    [true, '{"n":2}'],
    [false, '{"n":1}'],
  ]);
  expect(rows2[1].error_v1).toMatch(/does not match the schema: \/n must be >= 2/);
});

it('tokens per row and the estimated cost come from the editable price table', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'I love it' }]);
  const prices = [{ model: 'stand-in-small', input: 1, output: 2 }];
  const out = await promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { prices }));
  const [row] = await rowsOf((out.table as { table: string }).table);
  // Hand count: prompt "I love it" is 3 words; reply "You said: I love it" is 5; 3 * $1/1M + 5 * $2/1M.
  expect([row.tokens_in_v1, row.tokens_out_v1, row.cost_v1]).toEqual([3, 5, 13e-6]);
});

it('the second run sends zero requests (response cache in the workspace); refresh asks again', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'one' }, { text: 'two' }, { text: 'three' }]);
  const params = promptParams(server.baseURL);
  await promptRunner.run(ctx, { table: input }, params);
  expect(server.requests).toHaveLength(3);
  const again = await promptRunner.run(ctx, { table: input }, { ...params, concurrency: 1 });
  expect(server.requests).toHaveLength(3);
  const rows = await rowsOf((again.table as { table: string }).table);
  expect(rows.map((r) => [r.reply_v1, r.cached_v1])).toEqual([
    ['You said: one', true],
    ['You said: two', true],
    ['You said: three', true],
  ]);
  await promptRunner.run(ctx, { table: input }, { ...params, refresh: true });
  expect(server.requests).toHaveLength(6);
});

it('retries a 429 after its Retry-After and a 500, then succeeds; gives up after the retries', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'hello' }]);
  server.inject({ kind: '429', retryAfterSeconds: 1 }, { kind: '500' });
  const out = await promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { concurrency: 1 }));
  const [row] = await rowsOf((out.table as { table: string }).table);
  expect(row.reply_v1).toBe('You said: hello');
  expect(server.requests).toHaveLength(3);
  expect(ctx.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
    expect.stringMatching(/^row 1, variant "v1": 429, retry 1 of 3 in (100\d|1\d\d\d) ms$/),
    expect.stringMatching(/^row 1, variant "v1": 500, retry 2 of 3 in \d+ ms$/),
  ]);
  server.inject({ kind: '500' }, { kind: '500' });
  const out2 = await promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { retries: 1, useCache: false }));
  const [row2] = await rowsOf((out2.table as { table: string }).table);
  expect(server.requests).toHaveLength(5);
  expect([row2.valid_v1, row2.error_v1]).toEqual([false, expect.stringMatching(/row 1, variant "v1": 127\.0\.0\.1:\d+ answered 500/)]);
});

it('cancel aborts the requests in flight', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }, { text: 'e' }]);
  server.inject({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
  const arrived = new Promise<void>((resolve) => server.events.on('request', () => server.requests.length === 3 && resolve()));
  const running = promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { concurrency: 3 }));
  const outcome = running.then(
    () => 'finished',
    (err: { code?: string }) => err.code,
  );
  await arrived;
  const allAborted = new Promise<void>((resolve) => server.events.on('aborted', () => server.aborted === 3 && resolve()));
  ctx.controller.abort();
  expect(await outcome).toBe('NODE_CANCELLED');
  await allAborted;
  expect(server.requests).toHaveLength(3);
});

it('the model output keeps the prompt for packaging with the key by name only', async () => {
  const keyed = await startStandIn({ apiKey: 'sk-model-output-test-0123456789abcd' });
  const own = await createTestContext({ secrets: { STANDIN_KEY: 'sk-model-output-test-0123456789abcd' } });
  try {
    const input = await textTable(own, 'src', [{ text: 'hi', stars: 4 }]);
    const variants = [{ name: 'short', system: 'Rate {{stars}}', template: '{{text}}' }];
    const out = await promptRunner.run(
      own,
      { table: input },
      promptParams(keyed.baseURL, { apiKey: 'STANDIN_KEY', variants, outputMode: 'label', labels: ['yes', 'no'] }),
    );
    const model = out.model as ModelValue;
    expect(model.format).toBe('llm');
    expect(model.prompt).toMatchObject({
      provider: 'compatible',
      model: 'stand-in-small',
      apiKeyName: 'STANDIN_KEY',
      placeholders: ['stars', 'text'],
      labels: ['yes', 'no'],
    });
    const file = readFileSync(join(model.dir, 'prompt.json'), 'utf8');
    expect(JSON.parse(file)).toEqual(model.prompt);
    expect(file).not.toContain('sk-model-output');
  } finally {
    own.data.close();
    await keyed.close();
  }
});

it('few-shot examples come before each row as user and assistant turns', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'the soup' }]);
  const examples = await textTable(ctx, 'shots', [
    { text: 'great pie', answer: 'positive' },
    { text: 'cold fries', answer: 'negative' },
  ]);
  const variants = [{ name: 'v1', system: 'Answer positive or negative.', template: 'Review: {{text}}' }];
  await promptRunner.run(ctx, { table: input, examples }, promptParams(server.baseURL, { variants, exampleAnswer: 'answer' }));
  expect(server.requests[0].body.messages).toEqual([
    { role: 'system', content: 'Answer positive or negative.' },
    { role: 'user', content: 'Review: great pie' },
    { role: 'assistant', content: 'positive' },
    { role: 'user', content: 'Review: cold fries' },
    { role: 'assistant', content: 'negative' },
    { role: 'user', content: 'Review: the soup' },
  ]);
});

it('never holds more requests open than "Requests at once"', async () => {
  const input = await textTable(
    ctx,
    'src',
    ['a', 'b', 'c', 'd', 'e', 'f'].map((text) => ({ text })),
  );
  server.inject(...Array.from({ length: 6 }, () => ({ kind: 'slow' as const, ms: 50 })));
  await promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { concurrency: 2 }));
  expect(server.requests).toHaveLength(6);
  expect(server.maxInFlight).toBeLessThanOrEqual(2);
});

it('Azure OpenAI: the deployment path, the api-version and the api-key header', async () => {
  const keyed = await startStandIn({ apiKey: 'azure-test-key' });
  const own = await createTestContext({ secrets: { AZURE_KEY: 'azure-test-key' } });
  try {
    const input = await textTable(own, 'src', [{ text: 'hello' }]);
    const base = keyed.baseURL.replace(/\/v1$/, '');
    const out = await promptRunner.run(own, { table: input }, promptParams(base, { provider: 'azure', apiKey: 'AZURE_KEY', azureApiVersion: '2024-10-21' }));
    const [row] = await own.data.all(`SELECT * FROM "${(out.table as { table: string }).table}"`);
    expect(row.reply_v1).toBe('You said: hello');
    expect(keyed.requests.map((r) => [r.path, r.query, r.authorization])).toEqual([
      ['/openai/deployments/stand-in-small/chat/completions', 'api-version=2024-10-21', 'azure-test-key'],
    ]);
  } finally {
    own.data.close();
    await keyed.close();
  }
});

it('reports progress in requests, ending at all of them', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
  await promptRunner.run(
    ctx,
    { table: input },
    promptParams(server.baseURL, {
      variants: [
        { name: 'x', system: '', template: '{{text}}' },
        { name: 'y', system: '', template: 'again {{text}}' },
      ],
    }),
  );
  expect(ctx.progressCalls.map((p) => p.fraction)).toEqual([1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1]);
  expect(ctx.progressCalls.at(-1)?.message).toBe('6 of 6 requests');
});
