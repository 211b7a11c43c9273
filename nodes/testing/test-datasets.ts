/**
 * Loads the real datasets of `../shared/data` into DuckDB for the model nodes' tests and the
 * benchmark, with DuckDB's read_csv directly (the import node is tested elsewhere). Adult needs its
 * column names, trimmed ", " separators, '?' as missing and the test labels' trailing '.' removed.
 */
import { ident, literal, type DataPlane } from '../../engine/data/data-plane.js';
import type { TableValue } from '../../engine/values.js';
import { ADULT_COLUMNS, DATA_DIR } from './test-data.js';

/** The shared data folder (`../shared/data` from the project root, where vitest runs). */
export const SHARED_DATA = DATA_DIR;
export { ADULT_COLUMNS };

export const ADULT_NUMERIC = ['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week'];

/**
 * @example
 * const train = await loadAdult(data, 'adult_train', 'adult-train.csv');
 */
export async function loadAdult(data: DataPlane, table: string, file: 'adult-train.csv' | 'adult-test.csv'): Promise<TableValue> {
  const path = literal(`${SHARED_DATA}/${file}`);
  const names = `[${ADULT_COLUMNS.map(literal).join(', ')}]`;
  const selects = ADULT_COLUMNS.map((c) => {
    const v = `NULLIF(trim(${ident(c)}), '?')`;
    if (ADULT_NUMERIC.includes(c)) return `CAST(${v} AS BIGINT) AS ${ident(c)}`;
    if (c === 'income') return `rtrim(${v}, '.') AS ${ident(c)}`;
    return `${v} AS ${ident(c)}`;
  });
  await data.run(
    `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${selects.join(', ')} FROM read_csv(${path}, header = false, all_varchar = true, delim = ',', names = ${names}) WHERE trim(age) <> ''`,
  );
  return data.describe(table);
}

/** kddcup 10%: 41 features then the label (trailing '.' removed); only the first names matter here. */
export async function loadKdd(data: DataPlane, table: string): Promise<TableValue> {
  const path = literal(`${SHARED_DATA}/kddcup.data_10_percent.csv.gz`);
  await data.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_csv(${path}, header = false)`);
  const cols = await data.columns(table);
  const label = cols[cols.length - 1].name;
  await data.run(`UPDATE ${ident(table)} SET ${ident(label)} = rtrim(${ident(label)}, '.')`);
  await data.run(`ALTER TABLE ${ident(table)} RENAME ${ident(label)} TO label`);
  return data.describe(table);
}

/**
 * Loads a headed CSV and splits it 80/20 by a hash of the row number (deterministic, independent of
 * the code under test); returns both tables.
 */
export async function loadSplit(data: DataPlane, name: string, file: string): Promise<{ train: TableValue; test: TableValue }> {
  const all = `${name}_all`;
  await data.run(`CREATE OR REPLACE TABLE ${ident(all)} AS SELECT row_number() OVER () AS _rid, * FROM read_csv(${literal(`${SHARED_DATA}/${file}`)})`);
  await data.run(`CREATE OR REPLACE TABLE ${ident(`${name}_train`)} AS SELECT * EXCLUDE (_rid) FROM ${ident(all)} WHERE _rid % 5 <> 0 ORDER BY _rid`);
  await data.run(`CREATE OR REPLACE TABLE ${ident(`${name}_test`)} AS SELECT * EXCLUDE (_rid) FROM ${ident(all)} WHERE _rid % 5 = 0 ORDER BY _rid`);
  return { train: await data.describe(`${name}_train`), test: await data.describe(`${name}_test`) };
}
