/**
 * The Prompt node's playground request (`promptPlayground`) through the host's handlers and a real
 * engine process, against the OpenAI-compatible stand-in on 127.0.0.1: the row's rendered messages,
 * a send with reply, tokens and latency, a second send from the cache, the node's own run reusing the
 * playground's reply (one request key: the same body), and the errors a user meets. The key is
 * never in an answer. Figures are the stand-in's keyword rule and word count, recounted by hand.
 */
import { writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEngine } from '../cli/engine-host.js';
import type { PipelineDocument } from '../engine/document/schema.js';
import type { PlaygroundAnswer, PlaygroundRequest } from '../engine/playground-types.js';
import { startStandIn, type StandIn } from '../engine/testing/openai-stand-in.js';
import { createStudioHandlers, handleRequest } from '../hosts/shared/studio-handlers.js';
import { pipeline, tempDir } from './testing/cli-harness.js';

const KEY = 'sk-playground-test-key-5e4d3c2b1a0f9e8d';
const ROWS = [
  'Wow... Loved this place.',
  'Crust is not good.',
  'Not tasty and the texture was just nasty.',
  'The selection on the menu was great and so were the prices.',
  'Now I am getting angry and I want my damn pho.',
];
const SYSTEM = 'Answer positive or negative.';
const variant = { name: 'v1', system: SYSTEM, template: 'Review: {{text}}' };
// A non-loopback address of this machine: the stand-in listens on every interface for the trust case.
const EXTERNAL = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

const dir = tempDir('ls-playground-');
const workspaceDir = join(dir, 'workspace');
const engine = startEngine(workspaceDir);
let server: StandIn;
beforeAll(async () => {
  server = await startStandIn({ apiKey: KEY, host: '0.0.0.0' });
  writeFileSync(join(dir, 'rows.csv'), `text\n${ROWS.map((r) => `"${r}"`).join('\n')}\n`);
});
afterAll(async () => {
  await engine.close();
  await server.close();
});

function promptDoc(id: string, params: Record<string, unknown> = {}): { doc: PipelineDocument; path: string } {
  const doc = {
    ...pipeline(
      [
        { id: 'reviews', type: 'import-dataset', params: { path: 'rows.csv' } },
        {
          id: 'prompt',
          type: 'prompt',
          params: {
            provider: 'compatible',
            baseUrl: server.baseURL,
            model: 'stand-in-small',
            apiKey: 'PLAYGROUND_KEY',
            outputMode: 'label',
            labels: ['positive', 'negative'],
            variants: [variant],
            ...params,
          },
        },
      ],
      [['reviews:table', 'prompt:table']],
    ),
    id,
  } as PipelineDocument;
  const path = join(dir, `${id}.pipeline.json`);
  writeFileSync(path, JSON.stringify(doc));
  return { doc, path };
}

const handlersWith = (key: string) =>
  createStudioHandlers({
    engine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir }),
    configDir: join(dir, 'config'),
    emit: () => undefined,
    allowedRoots: [dir],
    workspaceDir,
    paramKind: (type, param) => (type === 'prompt' && param === 'apiKey' ? 'secret' : 'text'),
    resolveSecrets: async () => ({ PLAYGROUND_KEY: key }),
  }).handlers;
const handlers = handlersWith(KEY);
const answers: PlaygroundAnswer[] = [];

async function play(d: { doc: PipelineDocument; path: string }, request: PlaygroundRequest, h = handlers): Promise<PlaygroundAnswer> {
  const answer = (await handleRequest(h, 'promptPlayground', [d.doc, 'prompt', request, d.path])) as PlaygroundAnswer;
  answers.push(answer);
  return answer;
}
const chats = () => server.requests.filter((r) => r.path.endsWith('/chat/completions'));

it('renders the row as the node would, sends it, answers the second send from the cache, and the node reuses that reply', async () => {
  const d = promptDoc('playground');
  const first = await play(d, { row: 2, variant, send: false });
  expect(first.problem).toMatchObject({ code: 'INPUT_NOT_READY', runFirst: { nodeId: 'reviews' } });

  const imported = await engine.run(d.doc, { target: { mode: 'node', nodeId: 'reviews' }, documentPath: d.path });
  expect(imported.status).toBe('succeeded');
  const rendered = await play(d, { row: 2, variant, send: false });
  expect(rendered).toMatchObject({ rowCount: 5, rowIndex: 2, columns: ['text'], row: { text: ROWS[2] }, model: 'stand-in-small' });
  expect(rendered.messages).toEqual([
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Review: ${ROWS[2]}` },
  ]);
  expect(rendered.reply).toBeUndefined();
  expect(chats()).toHaveLength(0);

  const sent = await play(d, { row: 2, variant, send: true });
  expect(sent.problem).toBeUndefined();
  expect(sent.messages).toEqual(rendered.messages);
  // "Not tasty ..." has one negative word ("not") and no positive one; 4 + 9 words sent, "Negative" back.
  expect(sent.reply).toMatchObject({ raw: 'Negative', value: 'negative', valid: true, error: null, tokensIn: 13, tokensOut: 1, cached: false });
  expect(sent.reply!.latencyMs).toEqual(expect.any(Number));
  expect(chats()).toHaveLength(1);
  expect(chats()[0].body).toMatchObject({ model: 'stand-in-small', messages: rendered.messages });
  expect(chats()[0].authorization).toBe(`Bearer ${KEY}`);

  const again = await play(d, { row: 2, variant, send: true });
  expect(again.reply).toMatchObject({ raw: 'Negative', tokensIn: 13, tokensOut: 1, cached: true, latencyMs: sent.reply!.latencyMs });
  expect(chats()).toHaveLength(1);

  // The node's run sends the other 4 rows only: its request for row 3 is the playground's, byte for byte (the cache key).
  const run = await engine.run(d.doc, { documentPath: d.path, secrets: { PLAYGROUND_KEY: KEY } });
  expect(run.status).toBe('succeeded');
  expect(chats()).toHaveLength(5);
  const out = run.nodes.prompt.outputs!.table as { table: string };
  const page = await engine.page({ table: out.table, offset: 2, limit: 1 });
  const cell = (name: string) => page.rows[0][page.columns.findIndex((c) => c.name === name)];
  expect([cell('reply_v1'), cell('cached_v1'), cell('tokens_in_v1')]).toEqual(['negative', true, 13]);
});

it('says in plain words what is wrong: an unknown placeholder, a refused key, an unknown model', async () => {
  const d = promptDoc('errors');
  await engine.run(d.doc, { target: { mode: 'node', nodeId: 'reviews' }, documentPath: d.path });
  const before = chats().length;
  const placeholder = await play(d, { row: 0, variant: { ...variant, template: 'Review: {{txt}}' }, send: true });
  expect(placeholder.problem?.code).toBe('PROMPT_PLACEHOLDER_UNKNOWN');
  expect(placeholder.problem?.message).toContain('uses {{txt}}, but the input table has no such column; its columns are: text');
  expect(placeholder.messages).toBeUndefined();

  const wrongKey = 'sk-wrong-playground-key-0a1b2c3d4e5f6071';
  // Refresh: the first test's run cached this row's reply, and the cache ignores the key.
  const refused = await play(d, { row: 0, variant, send: true, refresh: true }, handlersWith(wrongKey));
  expect(refused.problem?.code).toBe('LLM_KEY_REFUSED');
  expect(refused.problem?.message).toContain('refused the API key from secret "PLAYGROUND_KEY" (401)');
  expect(refused.messages).toHaveLength(2);
  expect(JSON.stringify(refused)).not.toContain(wrongKey);

  const unknown = promptDoc('unknown-model', { model: 'gpt-none' });
  await engine.run(unknown.doc, { target: { mode: 'node', nodeId: 'reviews' }, documentPath: unknown.path });
  const model = await play(unknown, { row: 0, variant, send: true });
  expect(model.problem?.code).toBe('LLM_MODEL_UNKNOWN');
  expect(model.problem?.message).toContain('has no model "gpt-none"; it offers: stand-in-small, stand-in-large');
  // The refused key and the unknown model reached the server; the placeholder never did.
  expect(chats().length - before).toBe(2);
});

it('asks before a row leaves for a host not allowed, renders meanwhile, and sends once the host is allowed', async () => {
  expect(EXTERNAL, 'this machine needs a non-loopback IPv4 address for this test').toBeDefined();
  const d = promptDoc('outbound', { baseUrl: `http://${EXTERNAL}:${server.port}/v1` });
  await engine.run(d.doc, { target: { mode: 'node', nodeId: 'reviews' }, documentPath: d.path });
  const before = server.requests.length;
  const refused = await play(d, { row: 1, variant, send: true });
  expect(refused.problem?.code).toBe('HOST_NOT_ALLOWED');
  expect(refused.problem?.message).toContain(`this pipeline sends rows of reviews to ${EXTERNAL}, a host other than this machine`);
  expect(refused.problem?.refusals).toEqual([{ nodeId: 'prompt', param: 'baseUrl', host: EXTERNAL, rowsOf: 'reviews' }]);
  expect(refused.messages?.[1]).toEqual({ role: 'user', content: `Review: ${ROWS[1]}` });
  expect(server.requests.length).toBe(before);

  await handleRequest(handlers, 'allowHost', [EXTERNAL, d.path]);
  const sent = await play(d, { row: 1, variant, send: true });
  // "Crust is not good.": one positive ("good"), one negative ("not"): not more positive, so negative.
  expect(sent.reply).toMatchObject({ value: 'negative', cached: false });
  expect(server.requests.length).toBe(before + 1);
});

it('puts the few-shot examples between the system prompt and the row, as the node does', async () => {
  writeFileSync(join(dir, 'examples.csv'), 'text,answer\n"I loved it",positive\n"Awful service",negative\n');
  const base = promptDoc('few-shot', { exampleAnswer: 'answer' });
  const doc = {
    ...base.doc,
    nodes: [...base.doc.nodes, { id: 'shots', type: 'import-dataset', typeVersion: 1, params: { path: 'examples.csv' }, position: { x: 0, y: 200 } }],
    edges: [...base.doc.edges, { id: 'e-shots', source: { node: 'shots', port: 'table' }, target: { node: 'prompt', port: 'examples' } }],
  } as PipelineDocument;
  writeFileSync(base.path, JSON.stringify(doc));
  const d = { doc, path: base.path };
  const before = chats().length;
  await engine.run(doc, { target: { mode: 'node', nodeId: 'shots' }, documentPath: d.path });
  await engine.run(doc, { target: { mode: 'node', nodeId: 'reviews' }, documentPath: d.path });
  const sent = await play(d, { row: 0, variant, send: true });
  expect(sent.messages).toEqual([
    { role: 'system', content: SYSTEM },
    { role: 'user', content: 'Review: I loved it' },
    { role: 'assistant', content: 'positive' },
    { role: 'user', content: 'Review: Awful service' },
    { role: 'assistant', content: 'negative' },
    { role: 'user', content: `Review: ${ROWS[0]}` },
  ]);
  expect(sent.reply?.cached).toBe(false);
  // The node's run finds row 1's request in the cache: the playground sent exactly what the node sends.
  const run = await engine.run(doc, { documentPath: d.path, secrets: { PLAYGROUND_KEY: KEY } });
  const out = run.nodes.prompt.outputs!.table as { table: string };
  const page = await engine.page({ table: out.table, offset: 0, limit: 5 });
  expect(page.rows.map((r) => r[page.columns.findIndex((c) => c.name === 'cached_v1')])).toEqual([true, false, false, false, false]);
  expect(chats().length - before).toBe(5);
});

afterAll(() => {
  // Every answer of this file, errors included: the key appears in none.
  expect(answers.length).toBeGreaterThan(8);
  for (const a of answers) expect(JSON.stringify(a)).not.toContain(KEY);
});
