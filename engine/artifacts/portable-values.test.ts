/**
 * Portable values across two workspaces (two DuckDB files standing for two machines): a table goes
 * out as Parquet and comes back with the same rows in the same order and the same column types;
 * models and reports travel as folders; s3:// is refused in plain words. Row and missing-value
 * counts come from awk on the source CSV, not from DuckDB.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataPlane, type DataPlane } from '../data/data-plane.js';
import type { ModelValue, ReportValue, TableValue } from '../values.js';
import { openArtifactStore } from './artifact-store.js';
import { readPortableValue, writePortableValue } from './portable-values.js';

const PENGUINS = resolve(fileURLToPath(new URL('../..', import.meta.url)), 'pipelines-samples/data/penguins.csv');
let dir: string;
let here: DataPlane;
let there: DataPlane;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portable-'));
  here = await openDataPlane(join(dir, 'here.duckdb'));
  there = await openDataPlane(join(dir, 'there.duckdb'));
});
afterAll(async () => {
  here.close();
  there.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every row of a table as JSON text, in the table's own order. */
const rowsOf = async (data: DataPlane, table: string) => (await data.all<{ r: string }>(`SELECT to_json(t)::VARCHAR AS r FROM "${table}" t`)).map((x) => x.r);

async function roundTrip(table: string, key: string): Promise<TableValue> {
  const value = await here.describe(table);
  const store = openArtifactStore(`file://${join(dir, 'store')}`);
  await writePortableValue(value, join(dir, 'out', key), here);
  await store.put(key, join(dir, 'out', key));
  const back = await readPortableValue(await store.fetch(key, dir), { data: there, table: `${table}_back`, artifactDir: join(dir, 'there-artifacts') });
  return back as TableValue;
}

describe('portable tables', () => {
  it('penguins: same rows, order, types and missing counts as awk reads in the CSV', async () => {
    await here.run(`CREATE TABLE penguins AS SELECT * FROM read_csv('${PENGUINS}', nullstr = ['NA', ''])`);
    const back = await roundTrip('penguins', 'import/table');
    const awk = execFileSync('awk', ['-F,', 'NR>1{n++; if($7=="") s++} END{print n, s}', PENGUINS], { encoding: 'utf8' }).trim().split(' ').map(Number);
    expect(back.rowCount).toBe(awk[0]);
    expect(await there.columns(back.table)).toEqual(await here.columns('penguins'));
    expect(await rowsOf(there, back.table)).toEqual(await rowsOf(here, 'penguins'));
    const [{ n }] = await there.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM "${back.table}" WHERE sex IS NULL`);
    expect(n).toBe(awk[1]);
  });

  it('types Parquet lacks (ENUM, HUGEINT, UTINYINT) and lists come back as the same DuckDB types', async () => {
    await here.run(`CREATE TYPE mood AS ENUM ('low', 'high')`);
    await here.run(`CREATE TABLE odd AS SELECT * FROM (VALUES
      ('low'::mood, 170141183460469231731687303715884105727::HUGEINT, 255::UTINYINT, DATE '2024-02-29', TIMESTAMP '2024-01-01 10:00:00.123456', 1.25::DECIMAL(9,2), [1.5, 2.5]::FLOAT[], true),
      (NULL, -1::HUGEINT, 0::UTINYINT, NULL, NULL, NULL, NULL, NULL)) t(m, h, u, d, ts, dec, v, b)`);
    const back = await roundTrip('odd', 'odd/table');
    expect((await there.columns(back.table)).map((c) => c.type)).toEqual([
      "ENUM('low', 'high')",
      'HUGEINT',
      'UTINYINT',
      'DATE',
      'TIMESTAMP',
      'DECIMAL(9,2)',
      'FLOAT[]',
      'BOOLEAN',
    ]);
    expect(await rowsOf(there, back.table)).toEqual(await rowsOf(here, 'odd'));
  });

  it('keeps the fitted recipe that travels with a prepared table', async () => {
    await here.run('CREATE TABLE small AS SELECT range AS x FROM range(5)');
    const value: TableValue = { ...(await here.describe('small')), fitted: [{ op: 'dedupe', columns: [] } as never] };
    await writePortableValue(value, join(dir, 'fitted'), here);
    const back = (await readPortableValue(join(dir, 'fitted'), { data: there, table: 'small_back', artifactDir: dir })) as TableValue;
    expect(back.fitted).toEqual(value.fitted);
    expect(back.rowCount).toBe(5);
  });
});

describe('portable models, reports and metrics', () => {
  it('copies a model folder and a report file byte for byte, with paths local to the reader', async () => {
    const modelDir = join(dir, 'model-src');
    await mkdir(modelDir, { recursive: true });
    await writeFile(join(modelDir, 'model.json'), '{"weights":[1,2,3]}');
    await writeFile(join(modelDir, 'card.md'), '# card');
    const model: ModelValue = { kind: 'model', dir: modelDir, format: 'tfjs', summary: { layers: 2 } };
    const report: ReportValue = {
      kind: 'report',
      title: 'Goals',
      files: [{ name: 'card', path: join(modelDir, 'card.md'), mediaType: 'text/markdown' }],
      gate: { passed: false, rules: [] },
    };
    await writePortableValue(model, join(dir, 'm'), here);
    await writePortableValue(report, join(dir, 'r'), here);
    const target = { data: there, table: 'unused', artifactDir: join(dir, 'received') };
    const m = (await readPortableValue(join(dir, 'm'), target)) as ModelValue;
    expect(m.dir).toBe(join(dir, 'received', 'model'));
    expect(await readFile(join(m.dir, 'model.json'), 'utf8')).toBe('{"weights":[1,2,3]}');
    const r = (await readPortableValue(join(dir, 'r'), target)) as ReportValue;
    expect(r.gate).toEqual({ passed: false, rules: [] });
    expect(await readFile(r.files[0].path, 'utf8')).toBe('# card');
    await writePortableValue({ kind: 'metrics', metrics: { accuracy: 0.8123456789012345 } }, join(dir, 'x'), here);
    expect(await readPortableValue(join(dir, 'x'), target)).toEqual({ kind: 'metrics', metrics: { accuracy: 0.8123456789012345 } });
  });

  it('refuses a folder without value.json, naming the folder', async () => {
    await mkdir(join(dir, 'empty'), { recursive: true });
    await expect(readPortableValue(join(dir, 'empty'), { data: there, table: 'x', artifactDir: dir })).rejects.toThrow(`${join(dir, 'empty')} cannot be read`);
  });
});

describe('artifact stores', () => {
  it('refuses s3:// with ARTIFACT_STORE_UNSUPPORTED and keeps keys inside the folder', () => {
    expect(() => openArtifactStore('s3://bucket/prefix')).toThrow(/s3:\/\/, which this build cannot reach/);
    const store = openArtifactStore(dir);
    expect(() => store.locate('../outside')).toThrow(/not an artifact key/);
    expect(store.locate('split/train')).toBe(join(dir, 'split', 'train'));
  });
});
