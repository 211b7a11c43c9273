/**
 * The import node on the real datasets in ../shared/data. Every expected figure was counted
 * independently of DuckDB (awk or Python's csv module on the raw file); the command is beside it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import type { NodeError } from '../../engine/node-run.js';
import { createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { importDatasetDef } from './def.js';
import { importDatasetRunner } from './run.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const DATA = resolve(projectRoot, '../shared/data');
const ADULT_NAMES =
  'age, workclass, fnlwgt, education, education-num, marital-status, occupation, relationship, race, sex, capital-gain, capital-loss, hours-per-week, native-country, income'.split(
    ', ',
  );

let ctx: FakeContext | undefined;
afterEach(() => ctx?.data.close());

async function importFile(params: Partial<ReturnType<typeof defaultParams<typeof importDatasetDef.params>>>) {
  ctx = await createTestContext({ baseDir: DATA });
  const out = await importDatasetRunner.run(ctx, {}, { ...defaultParams(importDatasetDef.params), ...params });
  return { table: out.table as TableValue, rejects: out.rejects as TableValue, ctx };
}

async function one<T = Record<string, unknown>>(sql: string): Promise<T> {
  const [row] = await ctx!.data.all<T>(sql);
  return row;
}

describe('import-dataset on real files', () => {
  it('reads adult-train.csv: no header, ", " separators, "?" missing', async () => {
    const { table, rejects } = await importFile({ path: 'adult-train.csv', header: 'no', columnNames: ADULT_NAMES });
    // awk -F', ' 'NF==15{n++} END{print n}' adult-train.csv -> 32561 (the trailing blank line is not a row)
    expect(table.rowCount).toBe(32_561);
    expect(table.columns.map((c) => c.name)).toEqual(ADULT_NAMES);
    expect(rejects.rowCount).toBe(0);
    const t = `"${table.table}"`;
    const missing = await one(`SELECT count(*) - count(workclass) AS w, count(*) - count(occupation) AS o, count(*) - count("native-country") AS c FROM ${t}`);
    // awk -F', ' '$2=="?"{w++} $7=="?"{o++} $14=="?"{c++} END{print w,o,c}' adult-train.csv -> 1836 1843 583
    expect(missing).toEqual({ w: 1836, o: 1843, c: 583 });
    const income = await ctx!.data.all<{ income: string; n: number }>(`SELECT income, count(*) AS n FROM ${t} GROUP BY income ORDER BY income`);
    // awk -F', ' 'NF==15{c[$15]++} END{for(k in c) print k, c[k]}' -> <=50K 24720, >50K 7841
    expect(income).toEqual([
      { income: '<=50K', n: 24_720 },
      { income: '>50K', n: 7_841 },
    ]);
    // age is a number, not " 39": awk -F', ' 'NF==15{s+=$1} END{print s}' -> 1256257
    expect(table.columns.find((c) => c.name === 'age')?.type).toBe('BIGINT');
    expect(await one(`SELECT sum(age) AS s, min(workclass) AS first FROM ${t}`)).toEqual({ s: 1_256_257, first: 'Federal-gov' });
    expect(ctx!.progressCalls.at(-1)?.message).toBe('32,561 rows read, no lines rejected');
  });

  it('reads titanic_raw.csv: CRLF, quoted commas, doubled quotes', async () => {
    const { table } = await importFile({ path: 'titanic_raw.csv' });
    // python3: len(list(csv.DictReader(open('titanic_raw.csv', newline='')))) -> 891
    expect(table.rowCount).toBe(891);
    const t = `"${table.table}"`;
    // python3 csv: empty cells in age 177, cabin 687, embarked 2
    expect(await one(`SELECT count(*) - count(age) AS age, count(*) - count(cabin) AS cabin, count(*) - count(embarked) AS embarked FROM ${t}`)).toEqual({
      age: 177,
      cabin: 687,
      embarked: 2,
    });
    // python3 csv: every one of the 891 names holds a comma; sorted(names starting McGowan/Braund) below
    expect(await one(`SELECT count(*) FILTER (WHERE name LIKE '%,%') AS n FROM ${t}`)).toEqual({ n: 891 });
    const names = await ctx!.data.all<{ name: string }>(`SELECT name FROM ${t} WHERE name LIKE 'McGowan%' OR name LIKE 'Braund%' ORDER BY name`);
    expect(names.map((r) => r.name)).toEqual(['Braund, Mr. Lewis Richard', 'Braund, Mr. Owen Harris', 'McGowan, Miss. Anna "Annie"']);
    expect(table.columns.find((c) => c.name === 'fare')?.type).toBe('DOUBLE');
  });

  it('reads penguins.csv with empty cells as missing', async () => {
    const { table } = await importFile({ path: 'penguins.csv' });
    const t = `"${table.table}"`;
    // python3 csv: 344 rows; empty cells: sex 11, bill_length_mm 2
    expect(table.rowCount).toBe(344);
    expect(await one(`SELECT count(*) - count(sex) AS sex, count(*) - count(bill_length_mm) AS bill FROM ${t}`)).toEqual({ sex: 11, bill: 2 });
    // python3 csv Counter(sex): MALE 168, FEMALE 165
    expect(await one(`SELECT count(*) FILTER (WHERE sex = 'MALE') AS m, count(*) FILTER (WHERE sex = 'FEMALE') AS f FROM ${t}`)).toEqual({ m: 168, f: 165 });
  });

  it('reads kddcup 10% straight from gzip: 494,021 rows x 42', async () => {
    const { table } = await importFile({ path: 'kddcup.data_10_percent.csv.gz' });
    // python3 gzip: 494021 lines, all with 42 comma-separated fields
    expect(table.rowCount).toBe(494_021);
    expect(table.columns).toHaveLength(42);
    const [label, bytes] = [table.columns[41].name, table.columns[4].name];
    // python3 gzip: label counts smurf. 280790, neptune. 107201; sum of field 5 (src_bytes) 1494715024
    const top = await ctx!.data.all<{ v: string; n: number }>(`SELECT "${label}" AS v, count(*) AS n FROM "${table.table}" GROUP BY 1 ORDER BY 2 DESC LIMIT 2`);
    expect(top).toEqual([
      { v: 'smurf.', n: 280_790 },
      { v: 'neptune.', n: 107_201 },
    ]);
    expect(await one(`SELECT sum("${bytes}") AS s FROM "${table.table}"`)).toEqual({ s: 1_494_715_024 });
  });
});

describe('import-dataset with broken lines', () => {
  it('keeps every good row and puts each broken line in rejects with its line number', async () => {
    // Built line by line here, so the broken line numbers are known by construction.
    const lines = ['id,name,score'];
    const broken = new Map<number, string>([
      [6, '5,Carl'], // too few fields
      [13, '12,"Dan, Jr.",4.5,extra'], // too many fields
    ]);
    for (let id = 1; id <= 40; id++) {
      const line = lines.length + 1;
      if (broken.has(line)) lines.push(broken.get(line)!);
      else lines.push(id % 3 === 0 ? `${id},"Smith, ${id}",${id}.5` : id % 7 === 0 ? `${id},"Ann ""A"" ${id}",${id}.5` : `${id},Bob${id},${id}.5`);
    }
    // An unterminated quote runs to the end of the file in any CSV reader, so it is the last line.
    broken.set(lines.length + 1, '41,"unterminated,41.5');
    lines.push('41,"unterminated,41.5');
    const dir = mkdtempSync(join(tmpdir(), 'ls-import-'));
    writeFileSync(join(dir, 'broken.csv'), lines.join('\n') + '\n');

    const { table, rejects } = await importFile({ path: join(dir, 'broken.csv') });
    const good = lines.length - 1 - broken.size;
    expect(table.rowCount).toBe(good);
    const ids = (await ctx!.data.all<{ id: number }>(`SELECT id FROM "${table.table}" ORDER BY id`)).map((r) => r.id);
    const expectedIds = lines.slice(1).flatMap((l, i) => (broken.has(i + 2) ? [] : [Number(l.split(',')[0])]));
    expect(ids).toEqual(expectedIds);
    expect(await one(`SELECT name FROM "${table.table}" WHERE id = 7`)).toEqual({ name: 'Ann "A" 7' });
    expect(await one(`SELECT name FROM "${table.table}" WHERE id = 3`)).toEqual({ name: 'Smith, 3' });

    const rejected = await ctx!.data.all<{ line: number; raw_line: string }>(`SELECT line, raw_line FROM "${rejects.table}" ORDER BY line`);
    expect(rejected.map((r) => r.line)).toEqual([...broken.keys()].sort((a, b) => a - b));
    expect(rejected.map((r) => r.raw_line)).toEqual([...broken.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l));
    expect(ctx!.progressCalls.at(-1)?.message).toBe(`${good} rows read, 3 lines rejected (lines 6, 13, 42): see the rejects output`);
    expect(ctx!.logs.some((l) => l.level === 'warn' && l.message.includes('3 lines rejected'))).toBe(true);
  });
});

describe('import-dataset errors and options', () => {
  it('stops a long read when cancelled, interrupting DuckDB', async () => {
    ctx = await createTestContext({ baseDir: DATA });
    const params = { ...defaultParams(importDatasetDef.params), path: 'kddcup.data_10_percent.csv.gz' };
    const running = importDatasetRunner.run(ctx, {}, params);
    setTimeout(() => ctx!.controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    // A read that ran to the end would have left the table behind: DuckDB was interrupted.
    expect(await ctx.data.tableExists(ctx.outputTable('table'))).toBe(false);
  });

  it('names the missing file and how to fix it', async () => {
    const err = (await importFile({ path: 'no-such-file.csv' }).catch((e: unknown) => e)) as NodeError;
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.message).toContain(join(DATA, 'no-such-file.csv'));
    expect(err.hint).toMatch(/relative paths are read from the pipeline file's folder/);
  });

  it('says both counts when column names do not match the file', async () => {
    const err = (await importFile({ path: 'penguins.csv', columnNames: ['a', 'b'] }).catch((e: unknown) => e)) as NodeError;
    expect(err.code).toBe('COLUMN_COUNT_MISMATCH');
    expect(err.message).toBe('penguins.csv has 7 columns but 2 column names were given.');
    ctx!.data.close();
    // adult goes the other way (layout sniffed before the read, because its values are padded).
    const adult = (await importFile({ path: 'adult-train.csv', columnNames: ['age', 'workclass'] }).catch((e: unknown) => e)) as NodeError;
    expect(adult.message).toBe('adult-train.csv has 15 columns but 2 column names were given.');
  });

  it('refuses a binary file as not a table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-import-'));
    writeFileSync(join(dir, 'image.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    const err = (await importFile({ path: join(dir, 'image.csv') }).catch((e: unknown) => e)) as NodeError;
    expect(err.code).toBe('NOT_A_TABLE');
    expect(err.message).toContain('is not a table');

    // Prose: most lines hold commas, but no two agree on how many.
    const prose = [
      'Dear team,',
      'thanks for the review, the notes, and the slides.',
      'We ship on Friday, after QA; then we rest.',
      'Questions: pricing, logo, hiring, and travel.',
      'See you soon, and well done.',
      'Ann',
    ];
    writeFileSync(join(dir, 'notes.txt'), prose.join('\n') + '\n');
    const notTable = (await importFile({ path: join(dir, 'notes.txt') }).catch((e: unknown) => e)) as NodeError;
    expect(notTable.code).toBe('NOT_A_TABLE');
    expect(notTable.message).toContain('does not look like a table');
  });

  it('detects Latin-1 text and keeps its accents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-import-'));
    writeFileSync(join(dir, 'latin.csv'), Buffer.from('city;count\nMontr\xe9al;3\nZ\xfcrich;4\n', 'latin1'));
    const { table } = await importFile({ path: join(dir, 'latin.csv') });
    expect(await ctx!.data.all(`SELECT city, count FROM "${table.table}" ORDER BY count`)).toEqual([
      { city: 'Montréal', count: 3 },
      { city: 'Zürich', count: 4 },
    ]);
    expect(ctx!.logs.at(-1)?.message).toContain('latin-1');
  });

  it('applies a type override, and reads JSON Lines and Parquet written by DuckDB', async () => {
    const { table } = await importFile({ path: 'penguins.csv', columnTypes: [{ column: 'body_mass_g', type: 'DOUBLE' }] });
    expect(table.columns.find((c) => c.name === 'body_mass_g')?.type).toBe('DOUBLE');
    const dir = mkdtempSync(join(tmpdir(), 'ls-import-'));
    await ctx!.data.run(`COPY "${table.table}" TO '${join(dir, 'p.parquet')}' (FORMAT parquet)`);
    await ctx!.data.run(`COPY "${table.table}" TO '${join(dir, 'p.jsonl')}' (FORMAT json)`);
    ctx!.data.close();
    for (const file of ['p.parquet', 'p.jsonl']) {
      const { table: t } = await importFile({ path: join(dir, file) });
      // Same penguins figures as above: 344 rows, 11 missing sex.
      expect(t.rowCount).toBe(344);
      expect(await one(`SELECT count(*) - count(sex) AS sex FROM "${t.table}"`)).toEqual({ sex: 11 });
      ctx!.data.close();
    }
    ctx = undefined;
  });
});
