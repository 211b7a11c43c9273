/**
 * `run --memory-limit/--spill-dir`: the engine process opens the workspace database with them
 * (a SQL node reads the settings back into a table), and a limit that is not a size is refused
 * with exit 2 before anything runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataPlane } from '../engine/data/data-plane.js';
import { jsonLines, pipeline, runCli, tempDir, writeJson } from './testing/cli-harness.js';

describe('run --memory-limit --spill-dir', () => {
  it('sets DuckDB memory_limit and temp_directory in the engine process', async () => {
    const dir = tempDir('ls-memlimit-');
    writeFileSync(join(dir, 'one.csv'), 'x\n1\n');
    const file = writeJson(
      dir,
      'p.json',
      pipeline(
        [
          { id: 'imp', type: 'import-dataset', params: { path: 'one.csv' } },
          { id: 'sql', type: 'sql-transform', params: { sql: `SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t FROM a` } },
        ],
        [['imp:table', 'sql:a']],
      ),
    );
    const ws = join(dir, 'ws');
    const spill = join(dir, 'spill');
    const r = await runCli(['run', file, '--workspace', ws, '--memory-limit', '300MB', '--spill-dir', spill, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const finished = jsonLines(r.stdout).find((e) => e.type === 'node-finished' && e.nodeId === 'sql') as unknown as {
      outputs: Record<string, { table?: string }>;
    };
    const table = Object.values(finished.outputs)[0].table!;
    const data = await openDataPlane(join(ws, 'data.duckdb'));
    try {
      // 300 MB = 286.1 MiB, as DuckDB prints it.
      expect(await data.all(`SELECT m, t FROM "${table}"`)).toEqual([{ m: '286.1 MiB', t: spill }]);
    } finally {
      data.close();
    }
  });

  it('refuses a limit that is not a size, naming the flag, with exit 2', async () => {
    const dir = tempDir('ls-memlimit-bad-');
    writeFileSync(join(dir, 'one.csv'), 'x\n1\n');
    const file = writeJson(dir, 'p.json', pipeline([{ id: 'imp', type: 'import-dataset', params: { path: 'one.csv' } }]));
    const r = await runCli(['run', file, '--workspace', join(dir, 'ws'), '--memory-limit', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('memory limit "lots" is not a size');
  });
});
