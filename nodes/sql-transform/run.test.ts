import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { loadCsv, rowsOf } from '../testing/test-data.js';
import { sqlTransformRunner, withInputs } from './run.js';

let ctx: FakeContext;
let penguins: TableValue;
beforeEach(async () => {
  ctx = await createTestContext();
  penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
});
afterEach(() => ctx.data.close());

const run = async (sql: string, b?: TableValue) => (await sqlTransformRunner.run(ctx, { a: penguins, b }, { sql })).output as TableValue;

describe('sql transform', () => {
  it('joins two inputs referenced as a and b', async () => {
    await ctx.data.run(`CREATE TABLE names AS SELECT * FROM (VALUES ('Adelie', 'Pygoscelis adeliae'), ('Gentoo', 'Pygoscelis papua')) t(species, latin)`);
    const names = await ctx.data.describe('names');
    const out = await run('SELECT a.*, b.latin FROM a JOIN b USING (species)', names);
    // python3 csv over penguins.csv: 152 Adelie + 124 Gentoo rows.
    expect(out.rowCount).toBe(276);
    expect(out.columns.map((c) => c.name)).toEqual([...penguins.columns.map((c) => c.name), 'latin']);
  });

  it("keeps the user's own WITH list and its ORDER BY, after leading comments", async () => {
    const out = await run(
      '-- rows per species\n/* biggest first */\nWITH c AS (SELECT species, count(*) AS n FROM a GROUP BY species)\nSELECT * FROM c ORDER BY n DESC;',
    );
    // python3 Counter of the species column: Adelie 152, Gentoo 124, Chinstrap 68.
    expect(await rowsOf(ctx.data, out.table)).toEqual([
      { species: 'Adelie', n: 152 },
      { species: 'Gentoo', n: 124 },
      { species: 'Chinstrap', n: 68 },
    ]);
    expect(withInputs('with recursive r AS (SELECT 1) SELECT * FROM r', 'a AS (SELECT 1)')).toBe(
      'WITH recursive a AS (SELECT 1), r AS (SELECT 1) SELECT * FROM r',
    );
    // awk -F, 'NR>1 && $2=="Dream"' penguins.csv | wc -l  ->  124
    expect((await run("FROM a WHERE island = 'Dream'")).rowCount).toBe(124);
    expect((await run("SELECT * FROM a WHERE island = 'Dream'; -- the Dream island only")).rowCount).toBe(124);
  });

  it('rejects statements that are not a single query, with a clear message', async () => {
    await expect(run('DELETE FROM a')).rejects.toThrow(/Only a query that reads data \(SELECT, or WITH \.\.\. SELECT\) is allowed/);
    await expect(run('DROP TABLE penguins')).rejects.toThrow(/Only a query that reads data/);
    await expect(run('SELECT 1; SELECT 2')).rejects.toThrow(/holds 2 statements; it takes exactly one query/);
    await expect(run('SELEC * FROM a')).rejects.toThrow(/DuckDB could not read the query: syntax error/);
    // The table is still there: nothing ran.
    expect((await ctx.data.describe('penguins')).rowCount).toBe(344);
  });

  it('reports DuckDB errors with the message and a hint', async () => {
    await expect(run('SELECT bill FROM a')).rejects.toMatchObject({
      message: expect.stringContaining('DuckDB could not run the query'),
      hint: expect.stringContaining('Check the column names'),
    });
    await expect(run('SELECT * FROM b')).rejects.toMatchObject({ hint: expect.stringContaining('b, which is not connected') });
    await expect(run('SELECT * FROM penguins')).rejects.toThrow(/reads "penguins", but only the inputs a and b are available/);
    await expect(run('WITH x AS (SELECT * FROM a) SELECT * FROM x JOIN main.penguins USING (species)')).rejects.toThrow(/reads "main.penguins"/);
  });
});
