/**
 * Every drift figure against scipy on the same data: drift-reference.json is the output of
 * drift-reference.py (run it with /usr/bin/python3 from the project root to regenerate).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../../engine/data/data-plane.js';
import { compareProfiles, type ColumnDrift } from '../../engine/monitor/compare.js';
import { tableProfiles } from '../../engine/monitor/profiles.js';
import type { DriftMethod } from '../../engine/monitor/stattests.js';
import { loadAdult } from '../testing/test-datasets.js';

type Figures = Record<string, { method: DriftMethod; score: number }>;
const reference = JSON.parse(readFileSync(new URL('./drift-reference.json', import.meta.url), 'utf8')) as Record<string, Figures> & {
  rows: Record<string, number>;
};

let data: DataPlane;

beforeAll(async () => {
  data = await openDataPlane(':memory:');
  await loadAdult(data, 'train', 'adult-train.csv');
  await loadAdult(data, 'test', 'adult-test.csv');
  await data.run(`CREATE TABLE drifted AS SELECT * REPLACE (age + 15 AS age) FROM test WHERE workclass IS DISTINCT FROM 'Self-emp-not-inc'`);
  await data.run('CREATE TABLE small_train AS SELECT * FROM train LIMIT 800');
  await data.run('CREATE TABLE small_test AS SELECT * FROM test LIMIT 3000');
  await data.run('CREATE TABLE eq_train AS SELECT * FROM train LIMIT 500');
  await data.run('CREATE TABLE eq_test AS SELECT * FROM test LIMIT 500');
});
afterAll(() => data.close());

async function compare(ref: string, cur: string, overrides: { column: string; method: DriftMethod }[] = []) {
  return compareProfiles(await tableProfiles(data, ref), await tableProfiles(data, cur), { overrides });
}

function expectFigures(columns: ColumnDrift[], figures: Figures) {
  expect(columns.map((c) => c.column).sort()).toEqual(Object.keys(figures).sort());
  for (const c of columns) {
    const want = figures[c.column];
    expect({ column: c.column, method: c.method }).toEqual({ column: c.column, method: want.method });
    expect(Math.abs(c.score! - want.score), `${c.column} (${c.method}): ${c.score} vs scipy ${want.score}`).toBeLessThan(1e-6);
  }
}

describe('drift figures against scipy', () => {
  it('adult-train vs adult-test: Wasserstein and Jensen-Shannon per column, no dataset drift', async () => {
    const s = await compare('train', 'test');
    expectFigures(s.columns, reference.train_vs_test);
    expect(s.drifted).toBe(0);
    expect(s.datasetDrift).toBe(false);
    expect(s.schema).toEqual([]);
  });

  it('adult-test with age + 15 and Self-emp-not-inc removed drifts on exactly age and workclass', async () => {
    const [{ n }] = await data.all<{ n: bigint }>('SELECT count(*) AS n FROM drifted');
    expect(Number(n)).toBe(reference.rows.drifted);
    const s = await compare('train', 'drifted');
    expectFigures(s.columns, reference.train_vs_drifted);
    expect(s.columns.filter((c) => c.drifted).map((c) => c.column)).toEqual(['age', 'workclass']);
    expect(s.share).toBeCloseTo(2 / 15, 12);
    expect(s.datasetDrift).toBe(false);
  });

  it('a reference of 800 rows: KS (exact, unequal sizes), chi-square and the z-test', async () => {
    const s = await compare('small_train', 'small_test');
    expectFigures(s.columns, reference.small_train_vs_test);
    const methods = new Set(s.columns.map((c) => c.method));
    expect([...methods].sort()).toEqual(['chisquare', 'ks', 'z']);
  });

  it('equal sizes (500 and 500): the KS square-lattice formula', async () => {
    const s = await compare('eq_train', 'eq_test');
    expectFigures(s.columns, reference.small_equal_sizes);
  });

  it('per-column overrides: PSI, Jensen-Shannon on a binned number, chi-square, KS in its asymptotic form', async () => {
    const overrides = Object.entries(reference.overrides)
      .filter(([c]) => ['age', 'workclass', 'hours-per-week', 'sex', 'fnlwgt'].includes(c))
      .map(([column, f]) => ({ column, method: f.method }));
    const s = await compare('train', 'test', overrides);
    expectFigures(s.columns, reference.overrides);
  });
});
