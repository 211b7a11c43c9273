/**
 * The errors a user meets with the Prompt node, each saying what to do: a wrong key (401), an
 * unknown model (404, listing the stand-in's models), a base URL that does not answer, a row too
 * long for the context (which row, how many tokens), a timeout, a garbled reply, an unknown placeholder.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import { startStandIn, type StandIn } from '../../engine/testing/openai-stand-in.js';
import { promptParams, textTable } from '../testing/prompt-kit.js';
import { promptRunner } from './run.js';

const KEY = 'sk-standin-right-key-0123456789abcdef';
let server: StandIn;
let ctx: FakeContext;
beforeEach(async () => {
  server = await startStandIn({ apiKey: KEY, maxContextTokens: 5 });
  ctx = await createTestContext({ secrets: { STANDIN_KEY: KEY, WRONG_KEY: 'sk-standin-wrong-key-0123456789abcdef' } });
});
afterEach(async () => {
  ctx.data.close();
  await server.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'none', message: '', hint: '' }),
    (err: { code: string; message: string; hint?: string }) => ({ code: err.code, message: err.message, hint: err.hint ?? '' }),
  );

it('a wrong key: 401 names the secret, never its value', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'hi' }]);
  const f = await failure(promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { apiKey: 'WRONG_KEY' })));
  expect(f.code).toBe('LLM_KEY_REFUSED');
  expect(f.message).toMatch(/^127\.0\.0\.1:\d+ refused the API key from secret "WRONG_KEY" \(401\)$/);
  expect(f.hint).toContain('Set the secret "WRONG_KEY"');
  expect(JSON.stringify(f)).not.toContain('sk-standin');
});

it('an unknown model: 404 lists the models the server offers', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'hi' }]);
  const f = await failure(promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { apiKey: 'STANDIN_KEY', model: 'gpt-9' })));
  expect(f.code).toBe('LLM_MODEL_UNKNOWN');
  expect(f.message).toMatch(/has no model "gpt-9"; it offers: stand-in-small, stand-in-large$/);
});

it('a base URL that does not answer', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const input = await textTable(ctx, 'src', [{ text: 'hi' }]);
  const f = await failure(promptRunner.run(ctx, { table: input }, promptParams(`http://127.0.0.1:${port}/v1`, { retries: 0 })));
  expect(f.code).toBe('LLM_UNREACHABLE');
  expect(f.message).toContain(`the base URL http://127.0.0.1:${port}/v1 does not answer`);
  expect(f.hint).toContain('Base URL');
});

it('a row too long for the context names the row and its tokens; the other rows are answered', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'short one' }, { text: 'this row has far too many words for five' }]);
  const out = await promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { apiKey: 'STANDIN_KEY' }));
  const rows = await ctx.data.all(`SELECT * FROM "${(out.table as { table: string }).table}"`);
  expect(rows[0].reply_v1).toBe('You said: short one');
  // Hand count: the second row is 9 words, the stand-in's limit 5.
  expect(rows[1].valid_v1).toBe(false);
  expect(rows[1].error_v1).toMatch(/^row 2, variant "v1" is too long for model "stand-in-small": 9 tokens/);
});

it('a request that times out, and a reply that is not JSON, are kept in their rows', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'one' }, { text: 'two' }]);
  server.inject({ kind: 'hang' }, { kind: 'malformed' });
  const out = await promptRunner.run(
    ctx,
    { table: input },
    promptParams(server.baseURL, { apiKey: 'STANDIN_KEY', concurrency: 1, timeoutSeconds: 1, retries: 0 }),
  );
  const rows = await ctx.data.all(`SELECT * FROM "${(out.table as { table: string }).table}"`);
  expect(rows.map((r) => [r.valid_v1, r.error_v1])).toEqual([
    [false, expect.stringMatching(/^row 1, variant "v1": 127\.0\.0\.1:\d+ did not answer within 1 s$/)],
    [false, expect.stringMatching(/^row 2, variant "v1": .*not valid JSON/)],
  ]);
});

it('an unknown placeholder is refused before any request, listing the columns', async () => {
  const input = await textTable(ctx, 'src', [{ text: 'hi', stars: 3 }]);
  const variants = [{ name: 'v1', system: '', template: 'Review: {{review}} ({{stars}})' }];
  const f = await failure(promptRunner.run(ctx, { table: input }, promptParams(server.baseURL, { variants })));
  expect(f.code).toBe('PROMPT_PLACEHOLDER_UNKNOWN');
  expect(f.message).toBe('variant "v1": the template uses {{review}}, but the input table has no such column; its columns are: text, stars');
  expect(server.requests).toHaveLength(0);
});
