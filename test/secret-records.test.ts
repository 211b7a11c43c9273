/**
 * A key typed into SQL, the description or a label of a pipeline that runs: the real CLI runs it
 * (real engine process, real DuckDB), and neither the run record nor the cache index may hold the
 * key afterwards. The cache key still hashes the real value, so changing only the key reruns the node.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyCore, TEST_KEYS, type TestKeyName } from '../engine/testing/test-keys.fixture.js';
import { jsonLines, pipeline, runCli, tempDir, writeJson } from './testing/cli-harness.js';

// 3 data rows, counted by hand.
const CSV = 'name,age\nAnn,34\nBob,28\nCid,41\n';

function pipelineWithKey(key: string) {
  const doc = pipeline(
    [
      { id: 'imp', type: 'import-dataset', params: { path: 'people.csv' } },
      // The key sits in a block comment (a PEM block spans lines), so the query still runs.
      { id: 'q', type: 'sql-transform', params: { sql: `SELECT name, age FROM a /* token ${key} */` } },
    ],
    [['imp:table', 'q:a']],
  );
  return { ...doc, description: `Uses ${key} for now`, nodes: doc.nodes.map((n) => (n.id === 'q' ? { ...n, label: `query with ${key}` } : n)) };
}

let dir: string;
beforeAll(() => {
  dir = tempDir('ls-secret-');
  writeFileSync(join(dir, 'people.csv'), CSV);
});

const read = (path: string) => readFileSync(path, 'utf8');

describe('run records and the cache index keep redacted text only', () => {
  const names = Object.keys(TEST_KEYS) as TestKeyName[];

  it.each(names)('a %s key in SQL, the description and a label is not written to runs/ or cache/index.json', async (name) => {
    const key = TEST_KEYS[name];
    const ws = join(dir, `ws-${name}`);
    const file = writeJson(dir, `${name}.pipeline.json`, pipelineWithKey(key));
    const r = await runCli(['run', file, '--json', '--workspace', ws]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const finished = jsonLines(r.stdout).find((e) => e.type === 'node-finished' && e.nodeId === 'q') as unknown as {
      outputs: { output: { rowCount: number } };
    };
    expect(finished.outputs.output.rowCount).toBe(3);

    const runs = readdirSync(join(ws, 'runs')).filter((f) => f.endsWith('.json'));
    expect(runs).toHaveLength(1);
    const record = read(join(ws, 'runs', runs[0]));
    const index = read(join(ws, 'cache', 'index.json'));
    for (const text of [record, index]) {
      expect(text).not.toContain(keyCore(name));
      expect(text).toMatch(/\[redacted [a-z-]+ #[0-9a-f]{8}\]/);
    }
    // What is kept is still readable: the query around the key, the description around it.
    const parsed = JSON.parse(record) as { document: { description: string; nodes: { id: string; params: { sql?: string } }[] } };
    expect(parsed.document.description).toMatch(/^Uses \[redacted [a-z-]+ #[0-9a-f]{8}\] for now$/);
    expect(parsed.document.nodes.find((n) => n.id === 'q')?.params.sql).toMatch(/^SELECT name, age FROM a \/\* token \[redacted [a-z-]+ #[0-9a-f]{8}\] \*\/$/);
  });

  it('changing only the key in the SQL reruns the node (the cache key hashes the real value) and says the sql param changed', async () => {
    const ws = join(dir, 'ws-rekey');
    const first = writeJson(dir, 'rekey.pipeline.json', pipelineWithKey(TEST_KEYS.openai));
    expect((await runCli(['run', first, '--json', '--workspace', ws])).code).toBe(0);
    const again = await runCli(['run', first, '--json', '--workspace', ws]);
    expect(jsonLines(again.stdout).some((e) => e.type === 'node-cached' && e.nodeId === 'q')).toBe(true);

    const otherKey = `sk-${'proj'}-${'Zy9xWv8u'.repeat(5)}`;
    writeFileSync(first, JSON.stringify(pipelineWithKey(otherKey)));
    const changed = await runCli(['run', first, '--json', '--workspace', ws]);
    expect(changed.code).toBe(0);
    const events = jsonLines(changed.stdout);
    expect(events.some((e) => e.type === 'node-cached' && e.nodeId === 'q')).toBe(false);
    const started = events.find((e) => e.type === 'node-started' && e.nodeId === 'q') as { reason?: { code: string; message: string } } | undefined;
    expect(started?.reason).toMatchObject({ code: 'params-changed', message: 'params changed: sql' });
    const index = read(join(ws, 'cache', 'index.json'));
    expect(index).not.toContain(keyCore('openai'));
    expect(index).not.toContain(otherKey.slice(0, 24));
  });
});
