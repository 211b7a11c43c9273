/**
 * Real HTTP against a real server on loopback: all 16,281 raw adult-test rows through POST /predict
 * (JSON and CSV, in batches) and the v2 infer route give exactly the Score node's predictions, for a
 * model trained after Clean and Encode/scale, so both replay that recipe on the raw rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeContext, createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { literal } from '../engine/data/data-plane.js';
import type { TableValue } from '../engine/values.js';
import { readModelRecipe } from '../engine/models/model-recipe.js';
import { defaultParams } from '../engine/node-def.js';
import { cleanDef } from '../nodes/clean/def.js';
import type { CleanStep } from '../nodes/clean/compile-steps.js';
import { cleanRunner } from '../nodes/clean/run.js';
import { encodeScaleDef } from '../nodes/encode-scale/def.js';
import { encodeScaleRunner } from '../nodes/encode-scale/run.js';
import { ADULT_COLUMNS } from '../nodes/testing/test-data.js';
import { loadAdult } from '../nodes/testing/test-datasets.js';
import { trainOn } from '../nodes/testing/train-test-kit.js';
import { scoreRunner } from '../nodes/score/run.js';
import { startModelServer } from './start.js';

type Row = Record<string, string | number | null>;
interface Expected {
  predicted: string;
  less: number;
  more: number;
}

const step = (s: Partial<CleanStep>): CleanStep => ({ ...defaultParams(cleanDef.params.steps.fields), ...s }) as CleanStep;
const CLEAN_STEPS = [
  step({ op: 'missing', columns: ['workclass', 'occupation', 'native-country'], missingAction: 'most-frequent' }),
  step({ op: 'rename', column: 'hours-per-week', newName: 'hours' }),
];

let ctx: FakeContext;
let server: Awaited<ReturnType<typeof startModelServer>>;
let rows: Row[];
let expected: Expected[];
let csvLines: string[];
/** The raw columns a caller sends: every adult column but the target. */
const INPUTS = ADULT_COLUMNS.filter((c) => c !== 'income');

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'server' });
  const rawTrain = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
  const test: TableValue = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
  const cleaned = (await cleanRunner.run(createFakeContext(ctx.data, { nodeId: 'clean' }), { input: rawTrain }, { steps: CLEAN_STEPS })).output as TableValue;
  const encodeParams = { ...defaultParams(encodeScaleDef.params), target: 'income', maxCategories: 100 };
  const train = (await encodeScaleRunner.run(createFakeContext(ctx.data, { nodeId: 'encode' }), { input: cleaned }, encodeParams)).output as TableValue;
  const { model } = await trainOn(ctx.data, train, { target: 'income', model: 'linear', epochs: 2, batchSize: 256 });
  expect((await readModelRecipe(model.dir))!.steps.length).toBeGreaterThan(10);
  // The server runs the exported ONNX model, so the reference is the Score node with runtime "onnx".
  const out = await scoreRunner.run(createFakeContext(ctx.data, { nodeId: 'score' }), { model, table: test }, { runtime: 'onnx', batchSize: 8192 });
  const scored = out.table as TableValue;
  expected = await ctx.data.all<Expected>(`SELECT predicted_income AS predicted, "probability_<=50K" AS less, "probability_>50K" AS more FROM ${scored.table}`);
  rows = (await ctx.data.all<Row>(`SELECT * EXCLUDE (income) FROM adult_test`)).map((r) => ({ ...r }));
  const csv = join(ctx.artifactDir, 'adult-test-raw.csv');
  await ctx.data.run(`COPY (SELECT * FROM adult_test) TO ${literal(csv)} (HEADER, DELIMITER ',')`);
  csvLines = readFileSync(csv, 'utf8').trimEnd().split('\n');
  server = await startModelServer(model.dir, { port: 0 });
}, 600_000);
afterAll(async () => {
  await server?.close();
  ctx?.data.close();
});

const post = (path: string, body: string, type: string) => fetch(`${server.url}${path}`, { method: 'POST', body, headers: { 'content-type': type } });

type Prediction = { prediction: string; probabilities: Record<string, number> };
interface PredictBody {
  model: string;
  version: string;
  request_id: string;
  predictions: Prediction[];
}
interface V2Output {
  shape: number[];
  data: (string | number)[];
  parameters?: { labels: string[] };
}

function expectSame(got: Prediction[]) {
  expect(got).toHaveLength(16281);
  let same = 0;
  got.forEach((p, i) => {
    if (p.prediction === expected[i].predicted && p.probabilities['<=50K'] === expected[i].less && p.probabilities['>50K'] === expected[i].more) same++;
  });
  expect(same).toBe(16281);
}

describe('model server on the adult model', () => {
  it('derives the raw input columns from the recipe, numbers as numbers', () => {
    expect(server.served.inputs.map((c) => c.name).sort()).toEqual([...INPUTS].sort());
    const numbers = server.served.inputs.filter((c) => c.type === 'number').map((c) => c.name);
    expect(numbers.sort()).toEqual(['age', 'capital-gain', 'capital-loss', 'education-num', 'fnlwgt', 'hours-per-week']);
  });

  it('POST /predict with JSON rows, in concurrent batches, gives exactly the Score node predictions', async () => {
    expect(rows).toHaveLength(16281); // wc -l of adult-test.csv minus its header and the blank last line
    const batches = [];
    for (let i = 0; i < rows.length; i += 3000) batches.push(rows.slice(i, i + 3000));
    const answers = await Promise.all(batches.map((b) => post('/predict', JSON.stringify({ rows: b }), 'application/json')));
    const bodies = await Promise.all(answers.map(async (a) => (await a.json()) as PredictBody));
    expect(answers.map((a) => a.status)).toEqual(batches.map(() => 200));
    expect(bodies[0]).toMatchObject({ model: server.served.name, version: server.served.version });
    expect(new Set(bodies.map((b) => b.request_id)).size).toBe(batches.length);
    expectSame(bodies.flatMap((b) => b.predictions));
  });

  it('POST /predict with a CSV body, in batches, gives exactly the Score node predictions', async () => {
    const [header, ...lines] = csvLines;
    const got = [];
    for (let i = 0; i < lines.length; i += 5000) {
      const answer = await post('/predict', [header, ...lines.slice(i, i + 5000)].join('\n'), 'text/csv');
      expect(answer.status).toBe(200);
      got.push(...((await answer.json()) as PredictBody).predictions);
    }
    expectSame(got);
  });

  it('POST /v2/models/<name>/infer with one named input per column gives exactly the Score node predictions', async () => {
    const inputs = server.served.inputs.map((c) => ({
      name: c.name,
      shape: [rows.length],
      datatype: c.type === 'number' ? 'FP64' : 'BYTES',
      data: rows.map((r) => r[c.name]),
    }));
    const answer = await post(`/v2/models/${server.served.name}/infer`, JSON.stringify({ id: 'all-rows', inputs }), 'application/json');
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { outputs: V2Output[] };
    expect(body).toMatchObject({ model_name: server.served.name, model_version: server.served.version, id: 'all-rows' });
    const [predicted, probabilities] = body.outputs;
    expect(probabilities.shape).toEqual([16281, 2]);
    const labels = probabilities.parameters!.labels;
    expectSame(
      predicted.data.map((p, i) => ({
        prediction: p as string,
        probabilities: Object.fromEntries(labels.map((l, k) => [l, probabilities.data[i * 2 + k] as number])),
      })),
    );
  });

  it('scored every request above on the JS row replay, none through DuckDB', () => {
    expect(server.scorer.sqlOnly).toBeUndefined();
    expect(server.scorer.requests.sql).toBe(0);
    // 6 JSON batches of 3,000 + 4 CSV batches of 5,000 + 1 infer request.
    expect(server.scorer.requests.js).toBe(11);
  });
});
