/**
 * The Embed node against the OpenAI-compatible stand-in on 127.0.0.1: many texts per request, empty
 * texts not sent, vectors cached in the workspace (a re-run sends nothing), tokens and cost, the key
 * never on disk or in the logs, a retried 429, cancel. Expected vectors are the stand-in's rule worked by
 * hand (python3: [positive words, negative words, words, 1]), not read back from the node.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import { startStandIn, type StandIn } from '../../engine/testing/openai-stand-in.js';
import { embedRunner } from './run.js';

const KEY = 'sk-standin-embed-key-0123456789abcdef';
let server: StandIn;
let ctx: FakeContext;
beforeEach(async () => {
  server = await startStandIn({ apiKey: KEY });
  ctx = await createTestContext({ secrets: { STANDIN_KEY: KEY } });
  await ctx.data.run(
    `CREATE TABLE src AS SELECT * FROM (VALUES (1, 'Great food, great service'), (2, ''), (3, NULL), (4, 'not good'), (5, 'Great food, great service'), (6, 'The worst. Never again')) t(id, text)`,
  );
});
afterEach(async () => {
  ctx.data.close();
  await server.close();
});

const params = (overrides: Record<string, unknown> = {}) => ({
  provider: 'compatible',
  baseUrl: server.baseURL,
  model: 'stand-in-small',
  apiKey: 'STANDIN_KEY',
  column: 'text',
  batchSize: 2,
  retries: 2,
  prices: [{ model: 'stand-in-small', input: 2000 }],
  ...overrides,
});
const embeds = () => server.requests.filter((r) => r.path.endsWith('/embeddings'));
const run = async (overrides: Record<string, unknown> = {}) => {
  const out = await embedRunner.run(ctx, { table: await ctx.data.describe('src') }, params(overrides));
  const table = (out.table as { table: string }).table;
  return ctx.data.all<{ id: number; embedding: string | null }>(`SELECT id, to_json(embedding)::VARCHAR AS embedding FROM "${table}"`);
};
const plain = (rows: { id: number; embedding: string | null }[]) =>
  rows.map((r) => ({ id: r.id, embedding: r.embedding === null ? null : (JSON.parse(r.embedding) as number[]) }));

const EXPECTED = [
  { id: 1, embedding: [2, 0, 4, 1] },
  { id: 2, embedding: null },
  { id: 3, embedding: null },
  { id: 4, embedding: [1, 1, 2, 1] },
  { id: 5, embedding: [2, 0, 4, 1] },
  { id: 6, embedding: [0, 2, 4, 1] },
];

it('sends the 3 distinct non-empty texts in 2 requests of at most 2, keeps row order, and leaves empty rows NULL', async () => {
  const rows = await run();
  expect(plain(rows)).toEqual(EXPECTED);
  expect(embeds().map((r) => r.body.input)).toEqual([['Great food, great service', 'not good'], ['The worst. Never again']]);
  const [{ type }] = await ctx.data.all<{ type: string }>(`SELECT typeof(embedding) AS type FROM "${ctx.outputTable('table')}" LIMIT 1`);
  expect(type).toBe('DOUBLE[]');
  const messages = ctx.logs.map((l) => l.message);
  expect(messages).toContain('2 of 6 rows have an empty "text": not sent, their "embedding" is NULL');
  // Tokens are the stand-in's whitespace words: 4 + 2 + 4 = 10; at $2,000 per 1M tokens, $0.02.
  expect(messages).toContain('2 requests sent for 3 texts, 0 from the cache; 10 tokens; estimated cost of this run $0.020000');
});

it('a re-run sends zero requests and gives the same vectors from the workspace cache; refresh asks again', async () => {
  await run();
  expect(embeds()).toHaveLength(2);
  expect(plain(await run())).toEqual(EXPECTED);
  expect(embeds()).toHaveLength(2);
  expect(ctx.logs.map((l) => l.message)).toContain('0 requests sent for 0 texts, 3 from the cache; 0 tokens; estimated cost of this run $0.000000');
  await run({ refresh: true });
  expect(embeds()).toHaveLength(4);
});

it('the key goes in the Authorization header only: never in the cache files or the logs', async () => {
  await run();
  expect(embeds().every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
  const dir = join(ctx.workspaceDir, 'llm-cache');
  const files = readdirSync(dir);
  expect(files).toHaveLength(3);
  for (const f of files) expect(readFileSync(join(dir, f), 'utf8')).not.toContain(KEY);
  expect(JSON.stringify(ctx.logs)).not.toContain(KEY);
});

it('a 429 with Retry-After is retried and the batch still arrives whole', async () => {
  server.inject({ kind: '429', retryAfterSeconds: 0 });
  expect(plain(await run({ batchSize: 10 }))).toEqual(EXPECTED);
  expect(embeds()).toHaveLength(2);
  expect(ctx.logs.some((l) => /429, retry 1 of 2/.test(l.message))).toBe(true);
});

it('an unknown model and a missing column say what to do', async () => {
  await expect(run({ model: 'nope' })).rejects.toMatchObject({ code: 'LLM_MODEL_UNKNOWN', message: expect.stringContaining('stand-in-small') });
  await expect(run({ column: 'review' })).rejects.toMatchObject({ code: 'EMBED_NO_COLUMN', hint: 'Pick one of: id, text.' });
});

it('cancel aborts the batched requests in flight and caches nothing', async () => {
  server.inject({ kind: 'hang' }, { kind: 'hang' });
  const arrived = new Promise<void>((resolve) => server.events.on('request', () => server.requests.length === 2 && resolve()));
  const outcome = run({ batchSize: 1, concurrency: 2 }).then(
    () => 'finished',
    (err: { code?: string }) => err.code,
  );
  await arrived;
  const allAborted = new Promise<void>((resolve) => server.events.on('aborted', () => server.aborted === 2 && resolve()));
  ctx.controller.abort();
  expect(await outcome).toBe('NODE_CANCELLED');
  await allAborted;
  // 3 distinct texts, 1 per request, 2 at once: the third was never sent.
  expect(server.requests).toHaveLength(2);
  expect(existsSync(join(ctx.workspaceDir, 'llm-cache'))).toBe(false);
});

it('a run that fails keeps the vectors it paid for: the re-run sends only the texts still missing', async () => {
  server.inject({ kind: 'slow', ms: 0 }, { kind: '500' });
  await expect(run({ concurrency: 1, retries: 0 })).rejects.toMatchObject({
    code: 'LLM_REQUEST_FAILED',
    message: expect.stringContaining('request 2 of 2 (1 texts)'),
  });
  expect(plain(await run())).toEqual(EXPECTED);
  expect(embeds().map((r) => r.body.input)).toEqual([['Great food, great service', 'not good'], ['The worst. Never again'], ['The worst. Never again']]);
});
