/**
 * The Fine-tune node against the OpenAI-compatible stand-in on 127.0.0.1: the JSONL file checked line
 * by line against python over the yelp file (fine-tune-reference.py), the job's life with progress,
 * cancel (which cancels the job), an injected failure, a provider without fine-tuning, and the key in
 * no written file. The job's states are the stand-in's (engine/testing/openai-stand-in-fine-tune.ts).
 */
import { execFileSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { NodeError } from '../../engine/node-run.js';
import { assertRunHosts, findRefusedHosts } from '../../engine/security/run-hosts.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import { startStandIn, type StandIn } from '../../engine/testing/openai-stand-in.js';
import type { ModelValue, ReportValue, TableValue } from '../../engine/values.js';
import { nodeDefs } from '../defs.js';
import { filesUnder, fineTuneParams, SENTIMENT_SYSTEM, YELP } from '../testing/fine-tune-kit.js';
import { textTable, yelpTable } from '../testing/prompt-kit.js';
import { fineTuneRunner } from './run.js';

const KEY = 'sk-standin-finetune-key-0123456789abcdef';
let server: StandIn;
let ctx: FakeContext;
beforeEach(async () => {
  server = await startStandIn({ apiKey: KEY });
  ctx = await createTestContext({ nodeId: 'fine-tune', secrets: { STANDIN_KEY: KEY } });
});
afterEach(async () => {
  ctx.data.close();
  await server.close();
});

const run = (table: TableValue, overrides: Record<string, unknown> = {}, c: FakeContext = ctx) =>
  fineTuneRunner.run(c, { table }, fineTuneParams(server.baseURL, { apiKey: 'STANDIN_KEY', ...overrides }));
const failure = async (p: Promise<unknown>) => (await p.then(() => ({}) as NodeError).catch((e: NodeError) => e)) as NodeError;
const reference = (...args: string[]) =>
  JSON.parse(execFileSync('python3', [join(import.meta.dirname, 'fine-tune-reference.py'), ...args], { encoding: 'utf8' }));
const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n');

/** Ten labelled sentences: the stand-in refuses a training file with fewer. */
const tenRows = () =>
  Array.from({ length: 10 }, (_, i) => ({ text: i % 2 ? `bad meal number ${i}` : `great meal number ${i}`, label: i % 2 ? 'negative' : 'positive' }));

it('writes one chat-format example per labelled yelp row; rows without a label are counted and reported', async () => {
  await yelpTable(ctx, YELP);
  // Every 7th row (1-based) loses its label.
  await ctx.data.run(
    `CREATE TABLE holes AS SELECT text, CASE WHEN (row_number() OVER (ORDER BY rowid)) % 7 = 0 THEN NULL ELSE label END AS label FROM yelp ORDER BY rowid`,
  );
  const out = await run(await ctx.data.describe('holes'), { action: 'export', validationShare: 0.2, seed: 7 });
  const expected = reference('jsonl', YELP, '7', '7', '0.2') as { missing: number; training: string[][]; validation: string[][] };
  const report = out.report as ReportValue;
  const [training, validation] = report.files.map((f) => f.path);
  for (const [path, rows] of [
    [training, expected.training],
    [validation, expected.validation],
  ] as const) {
    const lines = linesOf(path);
    // One example per line, and the file ends with a newline.
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(rows.length);
    lines.forEach((line, i) =>
      expect(JSON.parse(line)).toEqual({
        messages: [
          { role: 'system', content: SENTIMENT_SYSTEM },
          { role: 'user', content: rows[i][0] },
          { role: 'assistant', content: rows[i][1] },
        ],
      }),
    );
  }
  // python: 142 rows without a label, 693 training and 165 validation examples.
  expect([expected.missing, expected.training.length, expected.validation.length]).toEqual([142, 693, 165]);
  expect(report.markdown).toContain('142 of 1000 rows left out: no answer in "label" (rows 7, 14, 21,');
  expect(ctx.logs).toContainEqual({ level: 'warn', message: expect.stringContaining('142 of 1000 rows left out') });
  expect((out.model as ModelValue).fineTune).toMatchObject({ model: null, jobId: null, trainingFile: training, validationFile: validation });
  expect(server.requests).toHaveLength(0);
});

it('a template over the columns fills the user message; an unknown placeholder names the columns', async () => {
  const table = await textTable(ctx, 'src', [{ title: 'Soup', body: 'too salty', answer: 'negative' }]);
  const out = await run(table, { action: 'export', source: 'template', template: '{{title}}: {{body}}', answerColumn: 'answer', system: '' });
  const [line] = linesOf((out.report as ReportValue).files[0].path);
  expect(JSON.parse(line)).toEqual({
    messages: [
      { role: 'user', content: 'Soup: too salty' },
      { role: 'assistant', content: 'negative' },
    ],
  });
  const f = await failure(run(table, { action: 'export', source: 'template', template: '{{text}}', answerColumn: 'answer' }));
  expect(f.message).toContain('its columns are: title, body, answer');
});

it('uploads, starts the job and polls it to success with progress; outputs the fine-tuned model name', async () => {
  const table = await textTable(ctx, 'src', tenRows());
  const out = await run(table, { suffix: 'yelp' });
  const uploads = server.requests.filter((r) => r.path.endsWith('/files'));
  expect(uploads.map((r) => r.body)).toEqual([{ purpose: 'fine-tune', filename: 'training.jsonl' }]);
  const create = server.requests.find((r) => r.path.endsWith('/fine_tuning/jobs'));
  expect(create?.body).toEqual({ model: 'stand-in-small', training_file: 'file-1', suffix: 'yelp' });
  // The stand-in's job: validating_files, running (no step yet), a step per poll up to 3, then succeeded.
  const states = ctx.progressCalls.map((p) => p.message).filter((m) => m.startsWith('job '));
  expect([...new Set(states)]).toEqual([
    'job ftjob-2: validating files',
    'job ftjob-2: running',
    'job ftjob-2: running, step 1 of 3',
    'job ftjob-2: running, step 2 of 3',
    'job ftjob-2: running, step 3 of 3',
    'job ftjob-2: succeeded',
  ]);
  const fractions = ctx.progressCalls.map((p) => p.fraction ?? 0);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  const model = out.model as ModelValue;
  expect(model.fineTune).toMatchObject({ model: 'ft:stand-in-small:stand-in:yelp:ftjob-2', jobId: 'ftjob-2', baseModel: 'stand-in-small' });
  expect(JSON.parse(readFileSync(join(model.dir, 'fine-tune.json'), 'utf8')).model).toBe('ft:stand-in-small:stand-in:yelp:ftjob-2');
  expect((out.report as ReportValue).markdown).toContain('job ftjob-2 succeeded: model ft:stand-in-small:stand-in:yelp:ftjob-2');
  // Every request had its own signal: none of the listeners the openai package leaves stays on the run's.
  expect(getEventListeners(ctx.signal, 'abort')).toHaveLength(0);
});

it('cancel aborts the wait and cancels the job at the provider', async () => {
  const table = await textTable(ctx, 'src', tenRows());
  server.fineTune.script({ hold: true });
  server.fineTune.events.on('status', (_id: string, status: string) => status === 'running' && ctx.controller.abort());
  const f = await failure(run(table));
  expect(f.code).toBe('NODE_CANCELLED');
  expect(f.message).toBe('cancelled; fine-tuning job ftjob-2 was cancelled at the OpenAI-compatible server at ' + new URL(server.baseURL).host);
  expect(server.requests.filter((r) => r.path.endsWith('/fine_tuning/jobs/ftjob-2/cancel'))).toHaveLength(1);
  expect(server.fineTune.jobs.get('ftjob-2')?.status).toBe('cancelled');
});

it("a job the provider fails ends the node with the provider's reason", async () => {
  const table = await textTable(ctx, 'src', tenRows());
  server.fineTune.script({ fail: 'the stand-in was told to fail this job' });
  const f = await failure(run(table));
  expect(f.code).toBe('FINE_TUNE_FAILED');
  expect(f.message).toMatch(
    /^fine-tuning job ftjob-2 failed at the OpenAI-compatible server at 127\.0\.0\.1:\d+: the stand-in was told to fail this job \(training_failed\)$/,
  );
  // Too few examples: the provider refuses the file while validating it.
  const few = await failure(run(await textTable(ctx, 'few', tenRows().slice(0, 3))));
  expect(few.message).toContain('the training file has 3 examples; at least 10 are required (invalid_training_file)');
  expect(few.hint).toContain('Fix the training examples');
});

it('a provider without fine-tuning: a clear error naming it, and the JSONL file is still written', async () => {
  const plain = await startStandIn({ fineTuning: false });
  try {
    const table = await textTable(ctx, 'src', tenRows());
    const f = await failure(fineTuneRunner.run(ctx, { table }, fineTuneParams(plain.baseURL)));
    expect(f.code).toBe('FINE_TUNE_UNSUPPORTED');
    const host = new URL(plain.baseURL).host;
    const path = /written: (\S+training\.jsonl)$/.exec(f.message)?.[1];
    expect(f.message).toBe(`the OpenAI-compatible server at ${host} does not offer fine-tuning (404 on /files); the training file was still written: ${path}`);
    expect(path?.startsWith(ctx.workspaceDir)).toBe(true);
    expect(linesOf(path!).filter(Boolean)).toHaveLength(10);
    expect(f.hint).toContain('Only write the JSONL file');
  } finally {
    await plain.close();
  }
});

it('the API key reaches the provider but no written file, log, progress message or output', async () => {
  const table = await textTable(ctx, 'src', tenRows());
  const out = await run(table);
  expect(server.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
  const written = [...filesUnder(ctx.workspaceDir), ...filesUnder(ctx.artifactDir)];
  expect(written.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)).sort()).toEqual(['fine-tune.json', 'training.jsonl']);
  for (const f of written) expect(f.text).not.toContain(KEY.slice(0, 20));
  expect(JSON.stringify([ctx.logs, ctx.progressCalls, out])).not.toContain(KEY.slice(0, 20));
  expect(existsSync((out.model as ModelValue).fineTune!.trainingFile)).toBe(true);
});

it("its base URL is held to the Prompt node's host trust: the training rows leave only for an allowed host", () => {
  const doc = (baseUrl: string) =>
    ({
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: 'p',
      name: 'p',
      nodes: [
        { id: 'import', type: 'import-dataset', typeVersion: 1, label: 'labelled reviews', params: { path: 'a.csv' }, position: { x: 0, y: 0 } },
        { id: 'tune', type: 'fine-tune', typeVersion: 1, params: { baseUrl }, position: { x: 1, y: 0 } },
      ],
      edges: [{ id: 'e', source: { node: 'import', port: 'table' }, target: { node: 'tune', port: 'table' } }],
    }) as PipelineDocument;
  expect(findRefusedHosts(doc('http://127.0.0.1:8000/v1'), nodeDefs, ['import', 'tune'], []).map((r) => r.host)).toEqual([]);
  expect(() => assertRunHosts(doc('https://api.openai.com/v1'), nodeDefs, ['import', 'tune'], [])).toThrow(
    'node "tune", param "baseUrl": this pipeline sends rows of labelled reviews to api.openai.com',
  );
  expect(findRefusedHosts(doc('https://api.openai.com/v1'), nodeDefs, ['import', 'tune'], ['api.openai.com'])).toEqual([]);
});
