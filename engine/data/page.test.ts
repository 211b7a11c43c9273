/**
 * Paging on real data (titanic_raw.csv read by DuckDB). Expected rows come from Python's csv
 * module sorting the raw file: sorted(range(891), key=lambda i: (-fare[i], i)).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from './data-plane.js';
import { pageTable } from './page.js';

const DATA = resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/data');
let data: DataPlane;

beforeAll(async () => {
  data = await openDataPlane(':memory:');
  await data.run(`CREATE TABLE titanic AS SELECT * FROM read_csv('${resolve(DATA, 'titanic_raw.csv')}')`);
});
afterAll(() => data.close());

const names = (rows: unknown[][], columns: { name: string }[]) => rows.map((r) => r[columns.findIndex((c) => c.name === 'name')]);

describe('pageTable', () => {
  it('sorts with ties in file order, and pages by offset', async () => {
    const first = await pageTable(data, { table: 'titanic', offset: 0, limit: 3, sort: { column: 'fare', direction: 'desc' } });
    expect(first.rowCount).toBe(891);
    expect(names(first.rows, first.columns)).toEqual(['Ward, Miss. Anna', 'Cardeza, Mr. Thomas Drake Martinez', 'Lesurer, Mr. Gustave J']);
    const next = await pageTable(data, { table: 'titanic', offset: 3, limit: 2, sort: { column: 'fare', direction: 'desc' } });
    expect(names(next.rows, next.columns)).toEqual(['Fortune, Mr. Charles Alexander', 'Fortune, Miss. Mabel Helen']);
    const young = await pageTable(data, { table: 'titanic', offset: 1, limit: 2, sort: { column: 'age', direction: 'asc' } });
    expect(names(young.rows, young.columns)).toEqual(['Hamalainen, Master. Viljo', 'Baclini, Miss. Helene Barbara']);
  });

  it('puts missing values last and returns them as null', async () => {
    // 177 ages are empty (python csv count), so the last 177 rows of any age sort are null.
    const tail = await pageTable(data, { table: 'titanic', offset: 891 - 177, limit: 200, sort: { column: 'age', direction: 'desc' } });
    const age = tail.columns.findIndex((c) => c.name === 'age');
    expect(tail.rows).toHaveLength(177);
    expect(tail.rows.every((r) => r[age] === null)).toBe(true);
  });

  it('rejects an unknown sort column, naming the columns that exist', async () => {
    await expect(pageTable(data, { table: 'titanic', offset: 0, limit: 5, sort: { column: 'Fare', direction: 'asc' } })).rejects.toThrow(
      /Unknown column "Fare" in table "titanic". Its columns are: survived, pclass, name, .*fare/,
    );
    await expect(pageTable(data, { table: 'nope', offset: 0, limit: 5 })).rejects.toThrow(/Table "nope" does not exist/);
    await expect(pageTable(data, { table: 'titanic', offset: -1, limit: 5 })).rejects.toThrow(/offset/);
  });

  it('turns dates, timestamps and big integers into plain JSON', async () => {
    await data.run(
      `CREATE TABLE kinds AS SELECT DATE '2024-02-29' AS d, TIMESTAMP '2024-02-29 13:45:01.5' AS ts, 9007199254740993::BIGINT AS big, 42::HUGEINT AS small, 1.25::DECIMAL(5,2) AS dec, [1, 2] AS list`,
    );
    const page = await pageTable(data, { table: 'kinds', offset: 0, limit: 1 });
    expect(page.rows[0]).toEqual(['2024-02-29', '2024-02-29T13:45:01.500Z', '9007199254740993', 42, 1.25, [1, 2]]);
    expect(JSON.parse(JSON.stringify(page.rows))).toEqual(page.rows);
  });
});
