/**
 * The SQL transform's table-function allowlist: each file-reading call of issue 8 is refused by
 * name (the test context's DuckDB is not confined, so without the allowlist these queries read
 * the files), while the allowed generators still work.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeError } from '../../engine/node-run.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { loadCsv, rowsOf } from '../testing/test-data.js';
import { sqlTransformRunner } from './run.js';

let ctx: FakeContext;
let penguins: TableValue;
beforeEach(async () => {
  ctx = await createTestContext();
  penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
});
afterEach(() => ctx.data.close());

const run = async (sql: string) => (await sqlTransformRunner.run(ctx, { a: penguins }, { sql })).output as TableValue;
const refusal = (sql: string) =>
  run(sql).then(
    () => undefined,
    (e: unknown) => e as NodeError,
  );

describe('sql transform table functions', () => {
  it.each([
    ["SELECT * FROM read_text('/root/.npmrc')", 'read_text'],
    ["SELECT * FROM read_text('/etc/passwd')", 'read_text'],
    ["SELECT * FROM read_csv('/etc/passwd')", 'read_csv'],
    ["SELECT * FROM read_blob('/etc/passwd')", 'read_blob'],
    ["SELECT * FROM glob('/root/*')", 'glob'],
    // Hidden in a subquery, a CTE, a join, with another case, and schema-qualified.
    ["SELECT species, (SELECT count(*) FROM glob('/etc/*')) AS n FROM a", 'glob'],
    ["WITH f AS (SELECT content FROM read_text('/etc/hostname')) SELECT * FROM a, f", 'read_text'],
    ["SELECT * FROM a JOIN Read_CSV_Auto('/etc/passwd') USING (species)", 'read_csv_auto'],
    ["SELECT * FROM main.read_text('/etc/passwd')", 'read_text'],
    ["SELECT * FROM query('SELECT 1')", 'query'],
  ])('refuses %s, naming %s()', async (sql, name) => {
    const error = await refusal(sql);
    expect(error).toBeInstanceOf(NodeError);
    expect(error!.code).toBe('sql-table-function');
    expect(error!.message).toContain(`${name}()`);
    expect(error!.hint).toContain('range, generate_series, unnest');
  });

  it('still runs range, generate_series and unnest', async () => {
    // Hand count: range(3) gives 0,1,2; generate_series(1,2) gives 1,2; unnest of two values.
    const out = await run('SELECT r.range AS x, g.generate_series AS y FROM range(3) r, generate_series(1, 2) g ORDER BY x, y');
    expect(out.rowCount).toBe(6);
    const u = await run(
      "SELECT * FROM unnest(['Adelie', 'Gentoo']) t(species) JOIN (SELECT species, count(*) AS n FROM a GROUP BY species) USING (species) ORDER BY species",
    );
    // python3 Counter of penguins.csv species: Adelie 152, Gentoo 124.
    expect(await rowsOf(ctx.data, u.table)).toEqual([
      { species: 'Adelie', n: 152 },
      { species: 'Gentoo', n: 124 },
    ]);
  });

  it("refuses a file named as a table ('/etc/passwd' is not an input)", async () => {
    const error = await refusal("SELECT * FROM '/etc/passwd'");
    expect(error!.code).toBe('sql-other-table');
  });
});
