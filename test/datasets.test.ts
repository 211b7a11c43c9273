/**
 * Dataset records through the real CLI and engine process: runs on two versions of one file (a copy
 * of penguins.csv, then edited: rows deleted and appended) give two dataset versions whose rows
 * match awk's count and whose profiles match pandas (datasets-reference.json, from
 * datasets-reference.py); a run on an unchanged version moves its last sighting only; a trained and
 * registered model links to the version it was made from, and back.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetStore } from '../engine/datasets/dataset-store.js';
import type { DatasetColumn, DatasetListItem, DatasetVersion } from '../engine/datasets/dataset-types.js';
import type { RunRecord } from '../engine/engine-types.js';
import { jsonLines, pipeline, runCli, SHARED_DATA, tempDir, writeJson } from './testing/cli-harness.js';
import { PENGUINS_LIFECYCLE_EDGES, penguinsLifecycleNodes } from './testing/penguins-lifecycle.js';

type Reference = Record<'v1' | 'v2', { rows: number; columns: (Omit<DatasetColumn, 'type'> & { mean?: number; min?: number; max?: number })[] }>;
const reference = JSON.parse(readFileSync(new URL('./datasets-reference.json', import.meta.url), 'utf8')) as Reference;

let dir: string;
let ws: string;
let file: string;
let importDoc: string;

/** Data rows of a CSV with a header line, counted by awk (blank lines left out). */
const awkRows = (path: string) => Number(execFileSync('awk', ['NF { n++ } END { print n - 1 }', path], { encoding: 'utf8' }).trim());

async function run(doc: string): Promise<RunRecord> {
  const r = await runCli(['run', doc, '--json', '--workspace', ws]);
  // The harness writes typeVersion 1 nodes: the upgrade warning is expected, an error is not.
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code, r.stderr).toBe(0);
  const runId = jsonLines(r.stdout).find((e) => e.type === 'run-started')!.runId as string;
  return JSON.parse(readFileSync(join(ws, 'runs', `${runId}.json`), 'utf8')) as RunRecord;
}

async function listJson(): Promise<DatasetListItem[]> {
  const r = await runCli(['datasets', 'list', '--json', '--workspace', ws]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as DatasetListItem[];
}

function expectProfile(v: DatasetVersion, want: Reference['v1']): void {
  expect(v.rows).toBe(want.rows);
  expect(v.columns.map((c) => c.name)).toEqual(want.columns.map((c) => c.name));
  want.columns.forEach((w, i) => {
    const got = v.columns[i];
    expect(got.missingShare, w.name).toBeCloseTo(w.missingShare, 12);
    expect(got.distinct, w.name).toBe(w.distinct);
    if (w.mean !== undefined) {
      expect(got.mean, w.name).toBeCloseTo(w.mean, 9);
      expect([got.min, got.max], w.name).toEqual([w.min, w.max]);
    } else expect(got.topValues, w.name).toEqual(w.topValues);
  });
}

beforeAll(() => {
  dir = tempDir('ls-datasets-');
  ws = join(dir, 'ws');
  mkdirSync(join(dir, 'data'));
  file = join(dir, 'data', 'penguins.csv');
  copyFileSync(join(SHARED_DATA, 'penguins.csv'), file);
  copyFileSync(file, join(dir, 'v1.csv'));
  importDoc = writeJson(dir, 'import.pipeline.json', pipeline([{ id: 'imp', type: 'import-dataset', params: { path: 'data/penguins.csv' } }]));
});

describe('dataset versions of one file', () => {
  let first: RunRecord;
  let second: RunRecord;
  let v2: DatasetVersion;

  it('records each content version once, with rows and a profile matching awk and pandas', async () => {
    first = await run(importDoc);
    // The edit datasets-reference.py makes: data rows 1-5 deleted, data rows 99-108 appended again.
    const lines = readFileSync(file, 'utf8').split(/(?<=\n)/);
    writeFileSync(file, [lines[0], ...lines.slice(6), ...lines.slice(100, 110)].join(''));
    second = await run(importDoc);

    const items = await listJson();
    expect(items.map((d) => [d.path, d.version])).toEqual([
      [file, 2],
      [file, 1],
    ]);
    expect(readdirSync(join(ws, 'datasets')).filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(items.map((d) => d.rows)).toEqual([awkRows(file), awkRows(join(dir, 'v1.csv'))]);
    expect(items.map((d) => d.rows)).toEqual([349, 344]);

    const store = new DatasetStore(ws);
    const [v2Found] = await store.find(file);
    v2 = v2Found;
    const v1 = (await store.get(items[1].id))!;
    expectProfile(v1, reference.v1);
    expectProfile(v2, reference.v2);
    expect([v1.firstSeen, v1.lastSeen, v1.runs.map((r) => r.runId)]).toEqual([first.startedAt, first.startedAt, [first.runId]]);
    expect(first.datasets).toEqual([{ nodeId: 'imp', param: 'path', id: v1.id }]);
    expect(second.datasets).toEqual([{ nodeId: 'imp', param: 'path', id: v2.id }]);
  });

  it('a run on a version already recorded moves its last sighting and adds the run, nothing else', async () => {
    const third = await run(importDoc);
    expect(third.nodes.imp.status).toBe('cached');
    const after = (await new DatasetStore(ws).get(v2.id))!;
    expect(after.lastSeen).toBe(third.startedAt);
    expect(after.runs.map((r) => [r.runId, r.status])).toEqual([
      [second.runId, 'done'],
      [third.runId, 'cached'],
    ]);
    const { lastSeen: _a, runs: _b, runCount, ...rest } = after;
    const { lastSeen: _c, runs: _d, runCount: before, ...restBefore } = v2;
    expect([before, runCount]).toEqual([1, 2]);
    expect(rest).toEqual(restBefore);
    expect(await listJson()).toHaveLength(2);
  });

  it('a trained and registered model links to the version it was made from, and the version to the model', async () => {
    const doc = pipeline(penguinsLifecycleNodes({ path: 'data/penguins.csv', epochs: 20 }), PENGUINS_LIFECYCLE_EDGES);
    const record = await run(writeJson(dir, 'train.pipeline.json', doc));
    const store = new DatasetStore(ws);
    const version = (await store.get(v2.id))!;
    // Split feeds Train (trained on) and, through Score and Evaluate, the metrics (evaluated on): one file, both roles.
    expect(version.models).toEqual([{ name: 'penguins', version: 1, registry: join(ws, 'models'), roles: ['evaluation', 'train'], runId: record.runId }]);
    const lineage = JSON.parse(readFileSync(join(ws, 'models', 'penguins', '1', 'lineage.json'), 'utf8')) as { runId: string };
    expect(lineage.runId).toBe(record.runId);
    const made = await store.forModel('penguins', 1, join(ws, 'models'));
    expect(made.map((d) => [d.id, d.roles])).toEqual([[v2.id, ['evaluation', 'train']]]);
    const older = (await store.find(join(dir, 'v1.csv'))).length + (await store.find(file)).at(-1)!.models.length;
    expect(older).toBe(0);

    const shown = await runCli(['datasets', 'show', v2.id.slice(0, 9), '--workspace', ws]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${file}, version 2 (${v2.id})\n`);
    expect(shown.stdout).toContain('  models:      penguins v1 (evaluation, train)\n');
  });
});

describe('lifecycle-studio datasets, as text', () => {
  it('lists and shows versions, names an unknown one (exit 1) and refuses a bad command line (exit 2)', async () => {
    const list = await runCli(['datasets', 'list', '--workspace', ws]);
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^ds-[0-9a-f]{16}  v2  ${file}  349 rows x 7 columns  last seen \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  runs 3  models: penguins v1$`),
    );
    expect(lines[1]).toMatch(new RegExp(`^ds-[0-9a-f]{16}  v1  ${file}  344 rows x 7 columns  last seen .*  runs 1$`));

    const byPath = await runCli(['datasets', 'show', file, '--workspace', ws]);
    expect(byPath.stdout).toMatch(/, version 2 \(ds-[0-9a-f]{16}\)\n[\s\S]*\n\n.*, version 1 \(/);
    expect(byPath.stdout).toContain('    sex (VARCHAR)  missing 3.2%  distinct 2  top MALE 168, FEMALE 165\n');

    // The model's side headless: the versions penguins v1 was made from.
    const made = await runCli(['datasets', 'list', '--model', 'penguins', '--version', '1', '--json', '--workspace', ws]);
    expect((JSON.parse(made.stdout) as DatasetListItem[]).map((d) => [d.path, d.version])).toEqual([[file, 2]]);
    expect((await runCli(['datasets', 'list', '--model', 'penguins', '--version', '2', '--workspace', ws])).stdout).toBe(
      `No dataset version in ${join(ws, 'datasets')} is linked to model "penguins" version 2: it was registered by a run that read none, or before datasets were recorded.\n`,
    );

    const unknown = await runCli(['datasets', 'show', 'nowhere.csv', '--workspace', ws]);
    expect([unknown.code, unknown.stdout]).toEqual([1, '']);
    expect(unknown.stderr).toContain('No dataset version "nowhere.csv" in ');
    const bad = await runCli(['datasets', 'drop', '--workspace', ws]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown or incomplete datasets command "drop".');
  });
});
