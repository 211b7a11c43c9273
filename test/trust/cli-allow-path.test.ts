/**
 * `lifecycle-studio run --allow-path`: the real CLI in a child process. A pipeline naming a file
 * outside its folder exits 2 before any node runs, naming node, param and path; the same command
 * with --allow-path for that folder runs.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLines, pipeline, runCli, SHARED_DATA, tempDir, writeJson } from '../testing/cli-harness.js';

describe('lifecycle-studio run and the allowed folders', () => {
  const dir = tempDir('ls-allow-');
  mkdirSync(join(dir, 'pipes'));
  const file = writeJson(
    join(dir, 'pipes'),
    'outside.pipeline.json',
    pipeline([{ id: 'imp', type: 'import-dataset', params: { path: join(SHARED_DATA, 'iris.csv') } }]),
  );
  const iris = realpathSync(join(SHARED_DATA, 'iris.csv'));

  it('exits 2 naming node, param and path, with the flag that allows it, and runs nothing', async () => {
    const r = await runCli(['run', file, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`node "imp", param "path": reads ${iris}, which is outside the folders this pipeline may use`);
    expect(r.stderr).toContain(`--allow-path ${realpathSync(SHARED_DATA)}`);
    expect(jsonLines(r.stdout).filter((e) => e.type === 'run-started')).toEqual([]);
  });

  it('runs with --allow-path for that folder (150 iris rows: wc -l minus the header)', async () => {
    const r = await runCli(['run', file, '--json', '--allow-path', SHARED_DATA]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const finished = jsonLines(r.stdout).find((e) => e.type === 'node-finished') as { outputs: { table: { rowCount: number } } } | undefined;
    expect(finished?.outputs.table.rowCount).toBe(150);
  });
});
