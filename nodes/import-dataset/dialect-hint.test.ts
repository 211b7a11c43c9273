/**
 * The sample's layout handed to DuckDB's sniffer (csv-import.ts `dialectHint`) only saves the
 * sniffer's search: on every real file the read is the same table, row for row, as DuckDB's own
 * full search gives. The reference side is DuckDB's read_csv with nothing but the file and the
 * null strings: no separator, quote or escape given.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal, openDataPlane, type DataPlane } from '../../engine/data/data-plane.js';
import { dialectHint } from './csv-import.js';
import { sampleText, sampleFile } from './detect.js';
import { readCsvSql, type CsvReadOptions } from './read-sql.js';
import { sampleDialect } from './sample-dialect.js';

const DATA = resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/data');

let data: DataPlane;
beforeAll(async () => {
  data = await openDataPlane(':memory:');
});
afterAll(() => data.close());

const base: CsvReadOptions = {
  header: 'auto',
  delimiter: 'auto',
  quote: 'auto',
  encoding: 'utf-8',
  missingMarkers: ['', 'NA', '?'],
  trimSpaces: false,
  sampleSize: 20480,
  types: {},
  gzip: false,
  rejectsTable: 'rej',
  rejectsScan: 'scan',
};

/** Row count, column names and types, and an order-sensitive hash of every row. */
async function fingerprint(sql: string): Promise<unknown> {
  await data.run(`CREATE OR REPLACE TABLE fp AS ${sql}`);
  const [{ n, h }] = await data.all<{ n: number; h: string }>(
    `SELECT count(*) AS n, CAST(sum(hash(r, i)) AS VARCHAR) AS h FROM (SELECT fp AS r, row_number() OVER () AS i FROM fp)`,
  );
  const columns = await data.all(`SELECT column_name, column_type FROM (DESCRIBE fp)`);
  return { n, h, columns };
}

describe('import: the layout hint from the sample', () => {
  for (const [file, gzip] of [
    ['adult-train.csv', false],
    ['adult-test.csv', false],
    ['titanic_raw.csv', false],
    ['penguins.csv', false],
    ['diamonds.csv', false],
    ['iris.csv', false],
    ['tips.csv', false],
  ] as const) {
    it(`reads ${file} exactly as DuckDB's full layout search does`, async () => {
      const path = resolve(DATA, file);
      const sample = await sampleFile(path);
      const text = sampleText(sample, 'utf-8');
      const dialect = sampleDialect(text, sample.complete)!;
      const hint = dialectHint(dialect, text, base);
      const hinted = readCsvSql(path, { ...base, gzip, hint });
      expect(hinted).toContain(`delim = ${literal(dialect.delimiter)}`);
      const nulls = `nullstr = ['', 'NA', '?']`;
      const full = `read_csv(${literal(path)}, compression = ${gzip ? "'gzip'" : "'none'"}, ${nulls}, sample_size = 20480)`;
      expect(await fingerprint(`SELECT * FROM ${hinted}`)).toEqual(await fingerprint(`SELECT * FROM ${full}`));
    });
  }
});
