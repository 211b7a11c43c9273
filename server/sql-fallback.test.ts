/**
 * The server's two ways back to the SQL replay, over real HTTP: a request holding a cell the JS
 * replay cannot promise to convert like DuckDB (non-ASCII text to lower-case) is scored through SQL
 * on its own, and a model whose recipe has a regex replace is served through SQL entirely; both
 * answer exactly the Score node's predictions.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeContext, createTestContext, type FakeContext } from '../engine/testing/fake-context.js';
import { RECIPE_JSON } from '../engine/models/model-recipe.js';
import { canonicalJson, MANIFEST_JSON, sha256, type PackageManifest } from '../engine/models/package/index.js';
import { defaultParams } from '../engine/node-def.js';
import type { ModelValue, TableValue } from '../engine/values.js';
import { cleanDef } from '../nodes/clean/def.js';
import type { CleanStep } from '../nodes/clean/compile-steps.js';
import { cleanRunner } from '../nodes/clean/run.js';
import { scoreRunner } from '../nodes/score/run.js';
import { loadAdult } from '../nodes/testing/test-datasets.js';
import { trainOn } from '../nodes/testing/train-test-kit.js';
import { startModelServer } from './start.js';

type Row = Record<string, unknown>;
interface Expected {
  predicted: string;
  less: number;
  more: number;
}

let ctx: FakeContext;
let model: ModelValue;
let rows: Row[];

const step = (s: Partial<CleanStep>): CleanStep => ({ ...defaultParams(cleanDef.params.steps.fields), ...s }) as CleanStep;

beforeAll(async () => {
  ctx = await createTestContext({ nodeId: 'fallback' });
  const raw = await loadAdult(ctx.data, 'adult_train', 'adult-train.csv');
  await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
  // 200 test rows, the first with an occupation DuckDB lower-cases by Unicode rules.
  await ctx.data.run(`CREATE TABLE probe AS SELECT * FROM adult_test LIMIT 200`);
  await ctx.data.run(`UPDATE probe SET occupation = 'ÄRZTE' WHERE rowid = 0`);
  const steps = [step({ op: 'text', columns: ['occupation'], textAction: 'lower' })];
  const cleaned = (await cleanRunner.run(createFakeContext(ctx.data, { nodeId: 'clean' }), { input: raw }, { steps })).output as TableValue;
  model = (await trainOn(ctx.data, cleaned, { target: 'income', model: 'linear', epochs: 1, batchSize: 512 })).model;
  rows = (await ctx.data.all<Row>(`SELECT * EXCLUDE (income) FROM probe ORDER BY rowid`)).map((r) => ({ ...r }));
}, 300_000);
afterAll(() => ctx?.data.close());

async function scoreNode(m: ModelValue): Promise<Expected[]> {
  const probe = await ctx.data.describe('probe');
  const out = await scoreRunner.run(createFakeContext(ctx.data, { nodeId: 'score' }), { model: m, table: probe }, { runtime: 'onnx', batchSize: 8192 });
  const t = (out.table as TableValue).table;
  return ctx.data.all<Expected>(`SELECT predicted_income AS predicted, "probability_<=50K" AS less, "probability_>50K" AS more FROM ${t}`);
}

async function predict(dir: string, body: Row[]) {
  const server = await startModelServer(dir, { port: 0 });
  try {
    const answers = [];
    for (const r of body) {
      const res = await fetch(`${server.url}/predict`, {
        method: 'POST',
        body: JSON.stringify({ rows: [r] }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(200);
      answers.push(((await res.json()) as { predictions: { prediction: string; probabilities: Record<string, number> }[] }).predictions[0]);
    }
    return { answers, requests: { ...server.scorer.requests }, sqlOnly: server.scorer.sqlOnly };
  } finally {
    await server.close();
  }
}

const asExpected = (p: { prediction: string; probabilities: Record<string, number> }): Expected => ({
  predicted: p.prediction,
  less: p.probabilities['<=50K'],
  more: p.probabilities['>50K'],
});

describe('falling back to the SQL replay', () => {
  it('scores only the request with non-ASCII text to lower-case through SQL, with the Score node predictions', async () => {
    const expected = await scoreNode(model);
    const got = await predict(model.dir, rows);
    expect(got.sqlOnly).toBeUndefined();
    expect(got.requests).toEqual({ js: 199, sql: 1 });
    expect(got.answers.map(asExpected)).toEqual(expected);
  }, 120_000);

  it('serves a model whose recipe has a regex replace through SQL, naming the reason, with the Score node predictions', async () => {
    const dir = join(ctx.artifactDir, 'regex-model');
    cpSync(model.dir, dir, { recursive: true });
    const recipe = JSON.parse(readFileSync(join(dir, RECIPE_JSON), 'utf8'));
    recipe.steps.unshift({ op: 'replace', column: 'race', mode: 'regex', find: '^Amer-', replacement: '' });
    const text = JSON.stringify(recipe);
    writeFileSync(join(dir, RECIPE_JSON), text);
    // Train's output is a package: list the edited recipe's sha256, as a package built with this recipe would.
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_JSON), 'utf8')) as PackageManifest;
    const entry = manifest.files.find((f) => f.path === RECIPE_JSON)!;
    Object.assign(entry, { sha256: sha256(text), bytes: Buffer.byteLength(text) });
    writeFileSync(join(dir, MANIFEST_JSON), canonicalJson(manifest));
    const expected = await scoreNode({ ...model, dir });
    const got = await predict(dir, rows.slice(0, 20));
    expect(got.sqlOnly).toContain('regular-expression replace');
    expect(got.requests).toEqual({ js: 0, sql: 20 });
    expect(got.answers.map(asExpected)).toEqual(expected.slice(0, 20));
  }, 120_000);
});
