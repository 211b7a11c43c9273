/** Helpers for the Prompt node's tests: small text tables in a test context, and the node's params. */
import { ident } from '../../engine/data/data-plane.js';
import type { FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';

export async function textTable(ctx: FakeContext, name: string, rows: Record<string, string | number>[]): Promise<TableValue> {
  const cols = Object.keys(rows[0]);
  const values = rows.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ');
  await ctx.data.run(
    `CREATE OR REPLACE TABLE ${ident(name)} AS SELECT * FROM (VALUES ${values}) t(${cols.map(ident).join(', ')})`,
    rows.flatMap((r) => cols.map((c) => r[c])),
  );
  return ctx.data.describe(name);
}

/** The yelp sentences with their label as text ("positive"/"negative"), in file order. */
export async function yelpTable(ctx: FakeContext, file: string): Promise<TableValue> {
  await ctx.data.run(
    `CREATE OR REPLACE TABLE yelp AS SELECT column0 AS text, CASE WHEN column1 = 1 THEN 'positive' ELSE 'negative' END AS label
     FROM read_csv(?, delim = '\t', header = false, quote = '', escape = '', columns = {'column0': 'VARCHAR', 'column1': 'INTEGER'})`,
    [file],
  );
  return ctx.data.describe('yelp');
}

export function promptParams(baseUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider: 'compatible',
    baseUrl,
    model: 'stand-in-small',
    apiKey: '',
    variants: [{ name: 'v1', system: '', template: '{{text}}' }],
    retries: 3,
    ...overrides,
  };
}
