import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { loadAdult, loadCsv, rowsOf } from '../testing/test-data.js';
import type { CleanStep } from './compile-steps.js';
import { cleanDef } from './def.js';
import { cleanRunner } from './run.js';
import { stepAs } from '../../engine/models/recipe-steps.js';

const step = (s: Partial<CleanStep>): CleanStep => ({ ...defaultParams(cleanDef.params.steps.fields), ...s }) as CleanStep;

let ctx: FakeContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.data.close());

async function clean(input: TableValue, steps: Partial<CleanStep>[], fitted?: TableValue): Promise<TableValue> {
  const out = await cleanRunner.run(ctx, { input, fitted }, { steps: steps.map(step) });
  return out.output as TableValue;
}

async function count(table: string, where = 'true'): Promise<number> {
  const [row] = await ctx.data.all<{ n: number }>(`SELECT count(*) AS n FROM "${table}" WHERE ${where}`);
  return row.n;
}

describe('clean: missing values on penguins', () => {
  it('drops rows with any missing value', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const out = await clean(penguins, [{ op: 'missing', missingAction: 'drop' }]);
    // python3 csv.DictReader over penguins.csv: rows with no empty cell = 333 (of 344).
    expect(out.rowCount).toBe(333);
    expect(ctx.logs.some((l) => l.message.includes('kept 333 of 344 rows (11 removed)'))).toBe(true);
  });

  it('drops rows missing only in a chosen column', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const out = await clean(penguins, [{ op: 'missing', missingAction: 'drop', columns: ['bill_length_mm'] }]);
    // python3: bill_length_mm non-empty in 342 rows.
    expect(out.rowCount).toBe(342);
  });

  it('fills with the mean computed independently, and saves it as a fitted step', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const out = await clean(penguins, [{ op: 'missing', missingAction: 'mean', columns: ['bill_length_mm'] }]);
    // python3: sum/len of the 342 non-empty bill_length_mm values = 43.92192982456142
    const mean = 43.92192982456142;
    expect(out.fitted).toEqual([expect.objectContaining({ op: 'impute', column: 'bill_length_mm', strategy: 'mean' })]);
    expect(stepAs(out.fitted?.[0], 'impute').value as number).toBeCloseTo(mean, 10);
    expect(await count(out.table, 'bill_length_mm IS NULL')).toBe(0);
    // The two rows that had no bill length (row 4 and row 340 of the file) now hold the mean.
    const rows = await rowsOf(ctx.data, out.table);
    expect(rows[3].bill_length_mm as number).toBeCloseTo(mean, 10);
    expect(rows[339].bill_length_mm as number).toBeCloseTo(mean, 10);
    expect(rows[0].bill_length_mm).toBe(39.1);
    expect(ctx.logs.some((l) => l.message.includes('filled 2 missing value(s) in "bill_length_mm"'))).toBe(true);
  });

  it('fills with the median (python statistics.median of the 342 values: 44.45)', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const out = await clean(penguins, [{ op: 'missing', missingAction: 'median', columns: ['bill_length_mm'] }]);
    expect(stepAs(out.fitted?.[0], 'impute').value).toBeCloseTo(44.45, 10);
    // The median falls between two measured values, so only the 2 filled rows hold it (awk: no row has 44.45).
    expect(await count(out.table, 'bill_length_mm = 44.45')).toBe(2);
  });

  it('fills text with the most frequent value (MALE: 168 vs FEMALE: 165 by python Counter)', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const out = await clean(penguins, [{ op: 'missing', missingAction: 'most-frequent', columns: ['sex'] }]);
    expect(await count(out.table, "sex = 'MALE'")).toBe(168 + 11);
    expect(out.fitted?.[0]).toMatchObject({ op: 'impute', column: 'sex', value: 'MALE' });
  });

  it('fills every column that can hold a fixed value when no column is chosen', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const out = await clean(penguins, [{ op: 'missing', missingAction: 'constant', fillValue: 'unknown' }]);
    // Only sex (11 empty cells, python) is a text column with gaps; number columns cannot hold "unknown" and keep theirs (2 each).
    expect(await count(out.table, "sex = 'unknown'")).toBe(11);
    expect(await count(out.table, 'body_mass_g IS NULL')).toBe(2);
    expect(out.fitted?.map((f) => stepAs(f, 'impute').column)).toEqual(['species', 'island', 'sex']);
  });

  it('replays fitted fill-in values from the fitted input instead of fitting on its own input', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const train = await clean(penguins, [{ op: 'missing', missingAction: 'mean', columns: ['bill_length_mm'] }]);
    // A "test" table whose own mean would be very different: the Gentoo rows plus the two rows with a missing bill.
    await ctx.data.run(`CREATE TABLE test_part AS SELECT * FROM penguins WHERE species = 'Gentoo' OR bill_length_mm IS NULL ORDER BY rowid`);
    const testIn = await ctx.data.describe('test_part');
    const out = await clean(testIn, [{ op: 'missing', missingAction: 'mean', columns: ['bill_length_mm'] }], train);
    const [{ v }] = await ctx.data.all<{ v: number }>(`SELECT bill_length_mm AS v FROM "${out.table}" WHERE species = 'Adelie'`);
    expect(v).toBeCloseTo(43.92192982456142, 10);
    const wrongWiring = cleanRunner.run(
      ctx,
      { input: testIn, fitted: testIn },
      { steps: [step({ op: 'missing', missingAction: 'mean', columns: ['bill_length_mm'] })] },
    );
    await expect(wrongWiring).rejects.toThrow(/no fitted fill-in value for column "bill_length_mm"/);
  });
});

describe('clean: adult-test labels', () => {
  it('strips the trailing dot with a pattern (">50K." -> ">50K")', async () => {
    const adult = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
    const out = await clean(adult, [{ op: 'replace', columns: ['income'], matchMode: 'regex', find: '\\.$', replacement: '' }]);
    const counts = await ctx.data.all<{ income: string; n: number }>(`SELECT income, count(*) AS n FROM "${out.table}" GROUP BY income ORDER BY income`);
    // awk -F', ' 'NF>1{print $15}' adult-test.csv | sort | uniq -c  ->  12435 "<=50K."  and 3846 ">50K."
    expect(counts).toEqual([
      { income: '<=50K', n: 12435 },
      { income: '>50K', n: 3846 },
    ]);
    expect(out.fitted?.[0]).toMatchObject({ op: 'replace', column: 'income', mode: 'regex' });
  });

  it('replaces an exact value, or turns it into a missing value', async () => {
    const adult = await loadAdult(ctx.data, 'adult_test', 'adult-test.csv');
    const out = await clean(adult, [
      { op: 'replace', columns: ['income'], find: '>50K.', replacement: 'high' },
      { op: 'replace', columns: ['income'], find: '<=50K.', toMissing: true },
    ]);
    expect(await count(out.table, "income = 'high'")).toBe(3846);
    expect(await count(out.table, 'income IS NULL')).toBe(12435);
  });
});

describe('clean: filters', () => {
  it('compares typed values, lists, missing, and combines with and / or', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    // Expected figures: python3 csv.DictReader over penguins.csv with the same conditions.
    expect((await clean(penguins, [{ op: 'filter', column: 'species', operator: '=', value: 'Adelie' }])).rowCount).toBe(152);
    expect((await clean(penguins, [{ op: 'filter', column: 'species', operator: 'in-list', value: 'Adelie, Gentoo' }])).rowCount).toBe(276);
    expect((await clean(penguins, [{ op: 'filter', column: 'sex', operator: 'is-missing' }])).rowCount).toBe(11);
    expect((await clean(penguins, [{ op: 'filter', column: 'sex', operator: '!=', value: 'MALE' }])).rowCount).toBe(176);
    expect((await clean(penguins, [{ op: 'filter', column: 'island', operator: 'contains', value: 'ea' }])).rowCount).toBe(124);
    expect((await clean(penguins, [{ op: 'filter', column: 'flipper_length_mm', operator: '<=', value: '190' }])).rowCount).toBe(99);
    expect((await clean(penguins, [{ op: 'filter', column: 'body_mass_g', operator: '<', value: '3500' }])).rowCount).toBe(71);
    expect((await clean(penguins, [{ op: 'filter', column: 'bill_depth_mm', operator: 'is-not-missing' }])).rowCount).toBe(342);
    const both = await clean(penguins, [
      { op: 'filter', column: 'bill_length_mm', operator: '>', value: '45' },
      { op: 'filter', column: 'sex', operator: '=', value: 'MALE', join: 'and' },
    ]);
    expect(both.rowCount).toBe(96);
    const either = await clean(penguins, [
      { op: 'filter', column: 'species', operator: '=', value: 'Chinstrap' },
      { op: 'filter', column: 'island', operator: 'starts-with', value: 'Torg', join: 'or' },
      { op: 'filter', column: 'body_mass_g', operator: '>=', value: '4000', join: 'and' },
    ]);
    expect(either.rowCount).toBe(82);
  });

  it('reports the rows each filtering step removed', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const out = await clean(penguins, [
      { op: 'filter', column: 'species', operator: '=', value: 'Adelie' },
      { op: 'text', columns: ['island'], textAction: 'upper' },
      { op: 'missing', missingAction: 'drop' },
    ]);
    // python3: 152 Adelie rows, 146 of them with no empty cell.
    expect(out.rowCount).toBe(146);
    const messages = ctx.logs.map((l) => l.message);
    expect(messages).toContain('Step 1 (filter rows): kept 152 of 344 rows (192 removed).');
    expect(messages).toContain('Step 3 (missing values): kept 146 of 152 rows (6 removed).');
  });

  it('refuses a value that does not fit the column type, naming both', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    await expect(clean(penguins, [{ op: 'filter', column: 'body_mass_g', operator: '>', value: 'heavy' }])).rejects.toThrow(
      /Step 1 \(filter rows\): "heavy" is not a valid value for column "body_mass_g"/,
    );
    await expect(clean(penguins, [{ op: 'filter', column: 'mass', operator: '>', value: '1' }])).rejects.toThrow(/there is no column "mass"/);
  });
});

describe('clean: duplicates, types, columns, text', () => {
  it('removes duplicate rows (iris: 150 rows, 149 distinct by python set of rows)', async () => {
    const iris = await loadCsv(ctx.data, 'iris', 'iris.csv');
    expect((await clean(iris, [{ op: 'dedupe' }])).rowCount).toBe(149);
    const bySpecies = await clean(iris, [{ op: 'dedupe', columns: ['species'] }]);
    expect(bySpecies.rowCount).toBe(3);
    // The first row of each species in file order survives (lines 2, 52 and 102 of iris.csv).
    const rows = await rowsOf(ctx.data, bySpecies.table);
    expect(rows.map((r) => [r.species, r.sepal_length])).toEqual([
      ['setosa', 5.1],
      ['versicolor', 7.0],
      ['virginica', 6.3],
    ]);
  });

  it('removes the exact duplicates of kddcup 10% (494,021 lines, 145,586 distinct by `zcat | sort -u | wc -l`)', { timeout: 120_000 }, async () => {
    const kdd = await loadCsv(ctx.data, 'kdd', 'kddcup.data_10_percent.csv.gz', 'header = false');
    expect(kdd.rowCount).toBe(494021);
    const out = await clean(kdd, [{ op: 'dedupe' }]);
    expect(out.rowCount).toBe(145586);
  });

  it.each([true, false])('keeps the input row order across parallel row groups (preserve_insertion_order %s)', async (preserve) => {
    // 1,000,000 rows span several of DuckDB's 122,880-row groups, which 4 threads read at once.
    // With DuckDB's order preservation on, no sort is added; with it off, the output is sorted.
    await ctx.data.run('SET threads = 4');
    await ctx.data.run(`SET preserve_insertion_order = ${preserve}`);
    await ctx.data.run('CREATE TABLE big AS SELECT range AS id, CAST(range % 7 AS VARCHAR) AS m FROM range(1000000)');
    const out = await clean(await ctx.data.describe('big'), [
      { op: 'filter', column: 'm', operator: '!=', value: '3' },
      { op: 'change-type', columns: ['m'], type: 'BIGINT' },
    ]);
    // python3: sum(1 for i in range(10**6) if i % 7 == 3) == 142857
    expect(out.rowCount).toBe(1000000 - 142857);
    const [{ n }] = await ctx.data.all<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT id, lag(id) OVER (ORDER BY rowid) AS prev FROM "${out.table}") WHERE prev >= id`,
    );
    expect(n).toBe(0);
  });

  it('reports values that fail a type change, and can stop instead', async () => {
    const titanic = await loadCsv(ctx.data, 'titanic', 'titanic_raw.csv');
    const out = await clean(titanic, [{ op: 'change-type', columns: ['ticket'], type: 'BIGINT' }]);
    // python3: 230 of 891 tickets are not plain integers (e.g. "A/5 21171"); they become missing.
    expect(await count(out.table, 'ticket IS NULL')).toBe(230);
    expect(out.columns.find((c) => c.name === 'ticket')?.type).toBe('BIGINT');
    const warn = ctx.logs.find((l) => l.level === 'warn');
    expect(warn?.message).toMatch(/230 value\(s\) in "ticket" could not be converted to BIGINT \(for example "A\.\/5\. 2152"/);
    await expect(clean(titanic, [{ op: 'change-type', columns: ['ticket'], type: 'BIGINT', onFailure: 'fail' }])).rejects.toThrow(/230 value\(s\) in "ticket"/);
    // Params may come from a file or the command line: a type outside the list never reaches SQL
    // (parseParams refuses it before the runner starts, naming the row and the allowed types).
    await expect(clean(titanic, [{ op: 'change-type', columns: ['ticket'], type: 'INTEGER); DROP TABLE titanic; --' as 'BIGINT' }])).rejects.toThrow(
      /params\.steps\[0\]\.type: expected one of "DOUBLE", "BIGINT"/,
    );
    expect((await ctx.data.describe('titanic')).rowCount).toBe(891);
  });

  it('selects, drops, renames and tidies text in order', async () => {
    const penguins = await loadCsv(ctx.data, 'penguins', 'penguins.csv');
    const out = await clean(penguins, [
      { op: 'select-columns', columns: ['species', 'island', 'sex'] },
      { op: 'drop-columns', columns: ['island'] },
      { op: 'rename', column: 'sex', newName: 'gender' },
      { op: 'text', textAction: 'lower' },
    ]);
    expect(out.columns.map((c) => c.name)).toEqual(['species', 'gender']);
    expect(await count(out.table, "gender = 'female'")).toBe(165);
    expect(await count(out.table, "species = 'adelie'")).toBe(152);
    expect(out.fitted?.map((f) => f.op)).toEqual(['select', 'drop', 'rename', 'text', 'text']);
    await expect(clean(penguins, [{ op: 'rename', column: 'sex', newName: 'species' }])).rejects.toThrow(/already exists/);
  });
});
