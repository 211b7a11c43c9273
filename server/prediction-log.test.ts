/**
 * The prediction log on a real server writing real files: one line per scoring request (counted by
 * hand below), rotation that keeps every line in order, answers that never wait for the disk, and a
 * log the Import node reads back.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultParams } from '../engine/node-def.js';
import { createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import type { TableValue } from '../engine/values.js';
import { importDatasetDef } from '../nodes/import-dataset/def.js';
import { importDatasetRunner } from '../nodes/import-dataset/run.js';
import type { PredictionRecord } from './prediction-log.js';
import { startModelServer, type StartOptions } from './start.js';
import { trainPenguins } from './testing/penguins-model.js';

let ctx: FakeContext;
let modelDir: string;
let rows: Record<string, unknown>[];
const NEVER = 2 ** 31 - 1; // no interval flush: batches are cut by size and close() only

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'prediction-log' });
  ({ dir: modelDir, rows } = await trainPenguins(ctx.data));
}, 600_000);
afterAll(() => ctx?.data.close());

const newDir = () => mkdtempSync(join(tmpdir(), 'predlog-'));
const start = (logDir: string, logOptions: StartOptions['logOptions'] = {}) => startModelServer(modelDir, { port: 0, logDir, logOptions });
type Server = Awaited<ReturnType<typeof start>>;

const post = (server: Server, path: string, body: string, type = 'application/json') =>
  fetch(`${server.url}${path}`, { method: 'POST', body, headers: { 'content-type': type } });
const predictJson = (server: Server, n: number) => post(server, '/predict', JSON.stringify({ rows: rows.slice(0, n) }));

const csvOf = (rs: Record<string, unknown>[]) => {
  const header = Object.keys(rs[0]);
  return [header.join(','), ...rs.map((r) => header.map((h) => r[h] ?? '').join(','))].join('\n') + '\n';
};

const readLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as PredictionRecord);
/** Line counts as `wc -l` gives them (the real wc, not our reader). */
const wcLines = (files: string[]) => files.map((f) => Number(execFileSync('wc', ['-l', f], { encoding: 'utf8' }).trim().split(/\s+/)[0]));

describe('prediction log', () => {
  let firstDir: string;

  it('writes one line per scoring request with the request id the answer carried and its row counts', async () => {
    firstDir = newDir();
    const server = await start(firstDir);
    // Sent (hand count): JSON of 4, 1 and 2 rows, CSV of 3 rows, a 400, a v2 infer of 2 rows = 6 lines, 12 rows.
    const answers = [await predictJson(server, 4), await predictJson(server, 1), await predictJson(server, 2)];
    answers.push(await post(server, '/predict', csvOf(rows.slice(0, 3)), 'text/csv'));
    answers.push(await post(server, '/predict', '{"rows": 1}'));
    const inputs = server.served.inputs.map((c) => ({
      name: c.name,
      shape: [2],
      datatype: c.type === 'number' ? 'FP64' : 'BYTES',
      data: rows.slice(0, 2).map((r) => r[c.name]),
    }));
    answers.push(await post(server, `/v2/models/${server.served.name}/infer`, JSON.stringify({ inputs })));
    // Not scoring requests: not logged.
    await fetch(`${server.url}/metrics`);
    await fetch(`${server.url}/v2/health/ready`);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 400, 200]);
    const ids = answers.map((a) => a.headers.get('x-request-id'));
    const firstBody = (await answers[0].json()) as { request_id: string };
    expect(firstBody.request_id).toBe(ids[0]);
    await server.close();

    const path = join(firstDir, 'predictions.jsonl');
    expect(wcLines([path])).toEqual([6]);
    const lines = readLines(path);
    expect(lines.map((l) => l.request_id)).toEqual(ids);
    expect(lines.map((l) => l.rows)).toEqual([4, 1, 2, 3, 0, 2]);
    expect(lines.map((l) => l.outputs.length)).toEqual([4, 1, 2, 3, 0, 2]);
    expect(lines.map((l) => l.status)).toEqual([200, 200, 200, 200, 400, 200]);
    expect(lines.map((l) => l.route)).toEqual(['/predict', '/predict', '/predict', '/predict', '/predict', `/v2/models/${server.served.name}/infer`]);
    expect(lines[0]).toMatchObject({ model: server.served.name, version: server.served.version, inputs: rows.slice(0, 4) });
    expect(Number.isNaN(Date.parse(lines[0].time))).toBe(false);
    expect(lines.every((l) => l.latency_ms >= 0)).toBe(true);
  });

  it('the Import node reads the log as JSON Lines', async () => {
    const importCtx = await createTestContext({ baseDir: firstDir });
    try {
      const out = await importDatasetRunner.run(importCtx, {}, { ...defaultParams(importDatasetDef.params), path: 'predictions.jsonl', format: 'jsonl' });
      const table = out.table as TableValue;
      expect(table.rowCount).toBe(6);
      const [sum] = await importCtx.data.all<{ s: number }>(`SELECT sum("rows")::INTEGER AS s FROM "${table.table}"`);
      expect(sum.s).toBe(12);
    } finally {
      importCtx.data.close();
    }
  });

  it('rotates past the size limit without losing a line, in order, and a restart continues the numbering', async () => {
    const dir = newDir();
    // A 1-byte limit rotates after every batch: batches of 2, 2 and (at close) 1 give predictions-1..3.
    let server = await start(dir, { maxBytes: 1, batchSize: 2, intervalMs: NEVER });
    const ids: (string | null)[] = [];
    for (const n of [1, 2, 3, 4, 1]) ids.push((await predictJson(server, n)).headers.get('x-request-id'));
    await server.close();
    expect(readdirSync(dir).sort()).toEqual(['predictions-1.jsonl', 'predictions-2.jsonl', 'predictions-3.jsonl']);
    const files = [1, 2, 3].map((n) => join(dir, `predictions-${n}.jsonl`));
    expect(wcLines(files)).toEqual([2, 2, 1]);
    expect(files.flatMap(readLines).map((l) => l.request_id)).toEqual(ids);
    expect(files.flatMap(readLines).map((l) => l.rows)).toEqual([1, 2, 3, 4, 1]);

    server = await start(dir, { maxBytes: 1, batchSize: 1, intervalMs: NEVER });
    await predictJson(server, 2);
    await server.close();
    expect(wcLines([join(dir, 'predictions-4.jsonl')])).toEqual([1]);
  });

  it('answers before the log is written: the write waits on a gate the test opens after the answer', async () => {
    const dir = newDir();
    const events: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let called!: () => void;
    const appendCalled = new Promise<void>((resolve) => (called = resolve));
    const append = async (path: string, data: Buffer) => {
      events.push('append started');
      called();
      await gate;
      await appendFile(path, data);
      events.push('append done');
    };
    const server = await start(dir, { batchSize: 1, intervalMs: NEVER, append });
    const answer = await predictJson(server, 3);
    events.push(`answered ${answer.status}`);
    await appendCalled;
    expect(existsSync(join(dir, 'predictions.jsonl'))).toBe(false);
    open();
    await server.close();
    expect(events).toEqual(['answered 200', 'append started', 'append done']);
    expect(wcLines([join(dir, 'predictions.jsonl')])).toEqual([1]);
  });

  it('a failed write does not fail the request: /metrics counts it and stderr says it', async () => {
    const dir = newDir();
    let failures = 0;
    let failedTwice!: () => void;
    const twice = new Promise<void>((resolve) => (failedTwice = resolve));
    const append = async () => {
      if (++failures === 2) failedTwice();
      throw new Error('disk full');
    };
    const stderr = vi.spyOn(process.stderr, 'write');
    const server = await start(dir, { batchSize: 1, intervalMs: NEVER, append });
    try {
      expect((await predictJson(server, 1)).status).toBe(200);
      expect((await predictJson(server, 2)).status).toBe(200);
      await twice;
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(text).toContain('\nmodel_server_log_errors_total 2\n');
      const said = stderr.mock.calls.map((c) => String(c[0])).filter((s) => s.startsWith('Prediction log: cannot write 1 record(s)'));
      expect(said).toHaveLength(2);
      expect(said[0]).toContain('disk full');
    } finally {
      stderr.mockRestore();
      await server.close();
    }
  });
});
