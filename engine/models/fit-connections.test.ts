/**
 * fitPreprocessing's statements on two connections: the vocabularies are counted on a second
 * connection while the medians run on the node's own (both asked before either answers), the
 * second connection is closed afterwards, also when a statement on either fails, and the figures
 * are those counted by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../data/data-plane.js';
import type { ColumnInfo } from '../values.js';
import { fitPreprocessing } from './fit-preprocessing.js';

let data: DataPlane;
/** Every statement asked and answered, in order, with the connection it ran on. */
const events: string[] = [];

function record(plane: DataPlane, name: string): DataPlane {
  const all = plane.all.bind(plane);
  plane.all = async (sql, params) => {
    const what = sql.includes('median(') ? 'medians' : sql.includes('UNION ALL') || sql.includes('GROUP BY') ? 'vocabularies' : 'other';
    events.push(`${name} asks ${what}`);
    try {
      return await all(sql, params);
    } finally {
      events.push(`${name} answered ${what}`);
    }
  };
  return plane;
}

beforeAll(async () => {
  data = record(await openDataPlane(':memory:'), 'main');
  const connect = data.connect.bind(data);
  data.connect = async (options) => record(await connect(options), 'side');
  // x: 1, 2, missing, 4, 10 (median 3); c: a a b a missing; y: p q p q p; one row without a target.
  await data.run(
    `CREATE TABLE t AS SELECT * FROM (VALUES (1.0, 'a', 'p'), (2.0, 'a', 'q'), (NULL, 'b', 'p'), (4.0, 'a', 'q'), (10.0, NULL, 'p'), (99.0, 'z', NULL)) v(x, c, y)`,
  );
  await data.run(`CREATE TABLE one_class AS SELECT * FROM (VALUES (1.0, 'a', 'p'), (2.0, 'b', 'p')) v(x, c, y)`);
});
afterAll(() => data.close());

const fit = async (table: string) => {
  const columns: ColumnInfo[] = await data.columns(table);
  return fitPreprocessing(
    data,
    table,
    columns.filter((c) => c.name !== 'y'),
    columns.find((c) => c.name === 'y')!,
    'auto',
  );
};

describe('fitPreprocessing on two connections', () => {
  it('counts the vocabularies on a second connection while the medians run, with the hand-counted figures', async () => {
    events.length = 0;
    const spec = await fit('t');
    const asked = (e: string) => events.indexOf(e);
    expect(asked('side asks vocabularies')).toBeGreaterThan(-1);
    expect(asked('main asks medians')).toBeGreaterThan(-1);
    // Both asked before either answered.
    const firstAnswer = Math.min(asked('main answered medians'), asked('side answered vocabularies'));
    expect(Math.max(asked('main asks medians'), asked('side asks vocabularies'))).toBeLessThan(firstAnswer);
    expect(data.openConnections()).toBe(1);
    // Rows with a target: x = 1, 2, missing, 4, 10 -> median 3; imputed 1, 2, 3, 4, 10: mean 4, population std sqrt(10).
    const x = spec.features.find((f) => f.name === 'x')!;
    expect(x.median).toBe(3);
    expect(spec.scaleMean[spec.encodedNames.indexOf('x')]).toBe(4);
    expect(spec.scaleStd[spec.encodedNames.indexOf('x')]).toBeCloseTo(Math.sqrt(10), 12);
    // c: a three times, b once ('z' is on the row without a target).
    expect(spec.features.find((f) => f.name === 'c')!.categories).toEqual(['a', 'b']);
    expect(spec.target).toMatchObject({ task: 'classification', labels: ['p', 'q'] });
    expect(spec.fittedOn.rows).toBe(6);
  });

  it('closes the second connection when a statement on it fails, and says what failed', async () => {
    await expect(fit('one_class')).rejects.toThrow(/the target "y" has 1 distinct value\(s\)/);
    expect(data.openConnections()).toBe(1);
  });

  it('closes the second connection when a statement on the first fails', async () => {
    await expect(fitPreprocessing(data, 'no_such_table', [{ name: 'x', type: 'DOUBLE' }], { name: 'y', type: 'VARCHAR' }, 'classification')).rejects.toThrow(
      /no_such_table/,
    );
    expect(data.openConnections()).toBe(1);
  });
});
