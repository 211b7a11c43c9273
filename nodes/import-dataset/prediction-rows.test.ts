/**
 * Import reads the model server's prediction log one row per scored row. The log is written by the
 * real server (fastify on loopback, onnxruntime) answering real requests; the expected rows come from
 * python3's json module reading the same file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { NodeError } from '../../engine/node-run.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { startModelServer } from '../../server/start.js';
import { trainPenguins } from '../../server/testing/penguins-model.js';
import { importDatasetDef } from './def.js';
import { importDatasetRunner } from './run.js';

let ctx: FakeContext;
let logDir: string;
let answers: { request_id: string; predictions: { prediction: string; probabilities: Record<string, number> }[] }[];
let sent: Record<string, unknown>[][];

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'predlog_import' });
  const { dir, rows } = await trainPenguins(ctx.data);
  logDir = mkdtempSync(join(tmpdir(), 'ls-predlog-'));
  const server = await startModelServer(dir, { port: 0, logDir });
  const post = (body: unknown) =>
    fetch(`${server.url}/predict`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  // Requests of 4, 1 and 3 rows (8 scored rows) and one refused request (a number that is text): 4 log lines.
  sent = [rows.slice(0, 4), rows.slice(0, 1), rows.slice(1, 4)];
  answers = [];
  for (const batch of sent) answers.push((await (await post({ rows: batch })).json()) as (typeof answers)[number]);
  expect((await post({ rows: [{ ...rows[0], bill_length_mm: 'long' }] })).status).toBe(400);
  await server.close();
}, 600_000);
afterAll(() => ctx?.data.close());

const importLog = (reading: 'lines' | 'prediction-rows', path = 'predictions.jsonl') =>
  importDatasetRunner.run(createFakeContext(ctx.data, { baseDir: logDir }), {}, { ...defaultParams(importDatasetDef.params), path, reading });

/** Per scored row, from python3: request id, position, prediction, probabilities (in label order). */
function pythonRows(): [string, number, string, number[]][] {
  const script = `import json,sys
out=[]
for line in open(sys.argv[1]):
    r=json.loads(line)
    if r["status"]!=200: continue
    for i,o in enumerate(r["outputs"]):
        out.append([r["request_id"], i+1, o["prediction"], [o["probabilities"][k] for k in sorted(o["probabilities"])]])
print(json.dumps(out))`;
  return JSON.parse(execFileSync('python3', ['-c', script, join(logDir, 'predictions.jsonl')], { encoding: 'utf8' })) as [string, number, string, number[]][];
}

describe('Import: the prediction log', () => {
  it('"One row per scored row" gives each scored row with time, request, model, version, inputs and outputs', async () => {
    const table = (await importLog('prediction-rows')).table as TableValue;
    const expected = pythonRows();
    expect(expected).toHaveLength(8);
    expect(table.rowCount).toBe(8);
    const names = table.columns.map((c) => c.name);
    expect(names.slice(0, 5)).toEqual(['time', 'request_id', 'model', 'version', 'row_in_request']);
    expect(names.slice(-4)).toEqual(['prediction', 'probability_Adelie', 'probability_Chinstrap', 'probability_Gentoo']);
    const got = await ctx.data.all<Record<string, unknown>>(`SELECT * FROM "${table.table}" ORDER BY time, request_id, row_in_request`);
    expect(got.map((r) => [r.request_id, r.row_in_request, r.prediction, [r.probability_Adelie, r.probability_Chinstrap, r.probability_Gentoo]])).toEqual(
      expected,
    );
    // The server's own answers, row by row, and the inputs as they were sent.
    expect(got.map((r) => r.prediction)).toEqual(answers.flatMap((a) => a.predictions.map((p) => p.prediction)));
    const flatSent = sent.flat();
    got.forEach((r, k) => {
      for (const [col, v] of Object.entries(flatSent[k])) expect(r[col], `${col} of row ${k}`).toEqual(v);
    });
    expect(new Set(got.map((r) => r.model)).size).toBe(1);
    expect(table.columns.find((c) => c.name === 'time')?.type).toBe('TIMESTAMP');
  });

  it('"One row per line" keeps one row per request, refused ones included', async () => {
    const table = (await importLog('lines')).table as TableValue;
    // wc -l of the log: 4 requests.
    expect(
      Number(
        execFileSync('wc', ['-l', join(logDir, 'predictions.jsonl')], { encoding: 'utf8' })
          .trim()
          .split(/\s+/)[0],
      ),
    ).toBe(4);
    expect(table.rowCount).toBe(4);
  });

  it('a JSON Lines file that is not a prediction log is refused by name', async () => {
    writeFileSync(join(logDir, 'other.jsonl'), '{"a": 1}\n{"a": 2}\n');
    const error = await importLog('prediction-rows', 'other.jsonl').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toBe(
      `${join(logDir, 'other.jsonl')} is not a prediction log of the model server: it has no "time", "request_id", "model", "version", "status", "inputs", "outputs" field.`,
    );
  });
});
