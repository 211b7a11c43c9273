/**
 * Test helpers: load the real datasets in ../shared/data straight with DuckDB's CSV reader (not
 * through the import node, so node tests do not depend on it) and hand back a `TableValue`.
 */
import { resolve } from 'node:path';
import { ident, literal } from '../../engine/data/data-plane.js';
import type { DataPlane } from '../../engine/data/data-plane.js';
import type { TableValue } from '../../engine/values.js';

/** Folder of the shared real datasets, relative to the project root. */
export const DATA_DIR = resolve(process.cwd(), '../shared/data');

export const ADULT_COLUMNS = [
  'age',
  'workclass',
  'fnlwgt',
  'education',
  'education-num',
  'marital-status',
  'occupation',
  'relationship',
  'race',
  'sex',
  'capital-gain',
  'capital-loss',
  'hours-per-week',
  'native-country',
  'income',
];

/**
 * Creates table `name` from a CSV in the shared data folder; `options` is extra read_csv options SQL.
 *
 * @example
 * const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
 */
export async function loadCsv(data: DataPlane, name: string, file: string, options = ''): Promise<TableValue> {
  const path = literal(resolve(DATA_DIR, file));
  await data.run(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT * FROM read_csv(${path}${options ? `, ${options}` : ''})`);
  return data.describe(name);
}

/** The UCI adult file (no header, ", " separators, "?" for missing) with its documented column names. */
export async function loadAdult(data: DataPlane, name: string, file: 'adult-train.csv' | 'adult-test.csv'): Promise<TableValue> {
  const names = `[${ADULT_COLUMNS.map(literal).join(', ')}]`;
  return loadCsv(data, name, file, `header = false, delim = ', ', nullstr = '?', names = ${names}`);
}

/** Every row of a table as plain objects, in its stored order. */
export async function rowsOf(data: DataPlane, table: string): Promise<Record<string, unknown>[]> {
  return data.all(`SELECT * FROM ${ident(table)} ORDER BY rowid`);
}
