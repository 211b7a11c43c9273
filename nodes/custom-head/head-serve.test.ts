/**
 * A custom head and a premade model alone, each registered by the Package model node and served by
 * the real model server over HTTP: /predict on raw rows (the columns the premade model maps plus the
 * head's other columns) answers what the nodes scored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident } from '../../engine/data/data-plane.js';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { ModelValue, ReportValue, TableValue } from '../../engine/values.js';
import { startModelServer } from '../../server/start.js';
import { packageModelRunner } from '../package-model/run.js';
import { premadeModelDef } from '../premade-model/def.js';
import { premadeModelRunner } from '../premade-model/run.js';
import { DATA_DIR, loadAdult } from '../testing/test-data.js';
import { customHeadDef } from './def.js';
import { customHeadRunner } from './run.js';

const ADULT_MODEL = join(DATA_DIR, 'premade', 'adult_income_two_heads.onnx');
const NUMERIC = ['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week'];
const CATEGORICAL = ['workclass', 'education', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'native-country'];
const PASSED: ReportValue = { kind: 'report', title: 'gate', files: [], gate: { passed: true, rules: [] } };

let ctx: FakeContext;
let train: TableValue;
let test: TableValue;
let premadeModel: ModelValue;
let n = 0;
const c = (id: string) => createFakeContext(ctx.data, { nodeId: `${id}${++n}` });

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'head-serve' });
  const fullTrain = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
  const raw = await loadAdult(ctx.data, 'adult_test_raw', 'adult-test.csv');
  await ctx.data.run(`CREATE TABLE train_part AS SELECT * FROM ${ident(fullTrain.table)} LIMIT 4000`);
  // 200 test rows, with missing categories ("?") among them; labels without adult-test's trailing ".".
  await ctx.data.run(`CREATE TABLE test_part AS SELECT * REPLACE (rtrim(income, '.') AS income) FROM ${ident(raw.table)} LIMIT 200`);
  train = await ctx.data.describe('train_part');
  test = await ctx.data.describe('test_part');
  premadeModel = (await runPremade(train)).model;
}, 300_000);
afterAll(() => ctx?.data.close());

async function runPremade(table: TableValue) {
  const params = { ...defaultParams(premadeModelDef.params), model: ADULT_MODEL, target: 'income', labels: ['<=50K', '>50K'] };
  const out = await premadeModelRunner.run(c('premade'), { table }, params);
  return { table: out.table as TableValue, model: out.model as ModelValue };
}

async function pack(model: ModelValue, name: string): Promise<string> {
  const run = c('package');
  await packageModelRunner.run(run, { model, report: PASSED, metrics: undefined }, { folder: join(run.artifactDir, 'models'), name });
  return join(run.artifactDir, 'models', name, '1');
}

/** The test rows as a caller sends them: plain JSON values of the given columns. */
async function rawRows(columns: string[]): Promise<Record<string, unknown>[]> {
  const rows = await ctx.data.all<Record<string, unknown>>(`SELECT ${columns.map(ident).join(', ')} FROM test_part ORDER BY rowid`);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

type Answer = { predictions: { prediction: string; probabilities: Record<string, number> }[] };
const predict = async (url: string, rows: unknown[]) =>
  fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify({ rows }), headers: { 'content-type': 'application/json' } });

/** Serves the package, asks /predict for the test rows, and checks every answer against the node's scored table. */
async function servedMatches(dir: string, scored: TableValue, columns: string[]) {
  const server = await startModelServer(dir, { port: 0 });
  try {
    const response = await predict(server.url, await rawRows(columns));
    expect(response.status).toBe(200);
    const { predictions } = (await response.json()) as Answer;
    const expected = await ctx.data.all<{ p: string; a: number; b: number }>(
      `SELECT predicted_income AS p, "probability_<=50K" AS a, "probability_>50K" AS b FROM ${ident(scored.table)} ORDER BY rowid`,
    );
    expect(predictions).toHaveLength(expected.length);
    predictions.forEach((got, i) => {
      expect(got.prediction).toBe(expected[i].p);
      expect(Math.abs(got.probabilities['<=50K'] - expected[i].a)).toBeLessThan(1e-6);
      expect(Math.abs(got.probabilities['>50K'] - expected[i].b)).toBeLessThan(1e-6);
    });
    // A row without a column the premade model maps is refused by name, not scored as zero.
    const [first] = await rawRows(columns);
    const refused = await predict(server.url, [{ ...first, age: null }]);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/column "age" is missing in row\(s\) 1/);
  } finally {
    await server.close();
  }
}

describe('packaging and serving premade models', () => {
  it('a custom head: the package asks for the mapped and the other raw columns, and /predict answers what the node scored', async () => {
    const params = {
      ...defaultParams(customHeadDef.params),
      target: 'income',
      extraFeatures: CATEGORICAL,
      hiddenLayers: [16],
      epochs: 2,
      earlyStopping: false,
    };
    const out = await customHeadRunner.run(c('head'), { model: premadeModel, train, score: test }, params);
    const dir = await pack(out.model as ModelValue, 'income-head');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { inputSchema: { required: string[] }; files: { path: string }[] };
    expect(manifest.inputSchema.required).toEqual([...NUMERIC, ...CATEGORICAL]);
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['model.onnx', 'head.onnx', 'premade.onnx', 'recipe.json']));
    await servedMatches(dir, out.table as TableValue, [...NUMERIC, ...CATEGORICAL]);
  }, 300_000);

  it('a premade model alone: the package holds its ONNX file, mapping and labels, and /predict answers what the Premade model node scored', async () => {
    const scored = await runPremade(test);
    const dir = await pack(scored.model, 'income-premade');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { inputSchema: { required: string[] }; labels: string[] };
    expect(manifest.inputSchema.required).toEqual(NUMERIC);
    expect(manifest.labels).toEqual(['<=50K', '>50K']);
    await servedMatches(dir, scored.table, NUMERIC);
  }, 300_000);
});
