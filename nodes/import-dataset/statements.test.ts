/**
 * What the import asks DuckDB after the read: the rejects output described from what was counted
 * (equal to DuckDB's own DESCRIBE and count), no grouping insert for a file with nothing rejected,
 * and the progress settings set once per connection, not before every long statement.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultParams } from '../../engine/node-def.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { importDatasetDef } from './def.js';
import { importDatasetRunner } from './run.js';

let ctx: FakeContext | undefined;
afterEach(() => ctx?.data.close());

/**
 * Every statement sent on the context's connection, through the plane or straight to the connection;
 * once each (the connection's readers call its own `run` inside).
 */
function recordStatements(c: FakeContext): string[] {
  const sent: string[] = [];
  const connection = c.data.connection as unknown as Record<string, (sql: string, ...rest: unknown[]) => Promise<unknown>>;
  let depth = 0;
  for (const method of ['run', 'runAndReadAll', 'start', 'stream']) {
    const original = connection[method].bind(connection);
    connection[method] = async (sql: string, ...rest: unknown[]) => {
      if (depth === 0) sent.push(sql.replace(/\s+/g, ' ').trim());
      depth++;
      try {
        return await original(sql, ...rest);
      } finally {
        depth--;
      }
    };
  }
  return sent;
}

function csvFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-statements-'));
  writeFileSync(join(dir, 'data.csv'), text);
  return dir;
}

async function importAs(c: FakeContext, nodeId: string, dir: string) {
  const out = await importDatasetRunner.run(
    createFakeContext(c.data, { nodeId, baseDir: dir }),
    {},
    { ...defaultParams(importDatasetDef.params), path: 'data.csv' },
  );
  return { table: out.table as TableValue, rejects: out.rejects as TableValue };
}

describe('import-dataset statements after the read', () => {
  it('a clean file: no grouping insert, the rejects output as DuckDB describes it, progress set once, each read on one thread', async () => {
    // 3 rows, nothing rejected.
    const dir = csvFile('a,b\n1,x\n2,y\n3,z\n');
    ctx = await createTestContext();
    const sent = recordStatements(ctx);
    const first = await importAs(ctx, 'one', dir);
    await importAs(ctx, 'two', dir);
    expect(first.table.rowCount).toBe(3);
    expect(first.rejects).toEqual(await ctx.data.describe(first.rejects.table));
    expect(first.rejects.rowCount).toBe(0);
    expect(sent.filter((s) => s.startsWith('INSERT INTO'))).toEqual([]);
    expect(sent.filter((s) => s === 'SET enable_progress_bar = true')).toHaveLength(1);
    // A small file and no other node: each read on one thread, the setting restored after it.
    const reads = sent.flatMap((s, i) => (s.startsWith('CREATE OR REPLACE TABLE "t_') && s.includes('read_csv') ? [i] : []));
    expect(reads).toHaveLength(2);
    for (const i of reads) {
      expect(sent.slice(0, i).findLast((s) => s.startsWith('SET threads'))).toBe('SET threads = 1');
      expect(sent.slice(i).find((s) => s.startsWith('SET threads'))).not.toBe('SET threads = 1');
    }
  });

  it('a padded file (", " separators): one DESCRIBE, of the table written', async () => {
    // Read through the sniffed layout, trimmed and renamed in the one statement that writes the table.
    const dir = csvFile('a, b\n1, x\n2, ?\n3, z\n');
    ctx = await createTestContext();
    const sent = recordStatements(ctx);
    const { table } = await importAs(ctx, 'padded', dir);
    // One DESCRIBE: the output's own, when the node describes what it wrote.
    expect(sent.filter((s) => s.startsWith('DESCRIBE'))).toEqual([`DESCRIBE "${table.table}"`]);
    sent.length = 0;
    expect(table).toEqual(await ctx.data.describe(table.table));
    expect(table.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(await ctx.data.all(`SELECT b FROM "${table.table}" ORDER BY a`)).toEqual([{ b: 'x' }, { b: null }, { b: 'z' }]);
  });

  it('a file with rejected lines: the rejects output counted as DuckDB counts it', async () => {
    // Lines 3 and 5 have three values where the header has two: two rejected lines, two rows read.
    const dir = csvFile('a,b\n1,x\n2,y,extra\n3,z\n4,w,extra\n');
    ctx = await createTestContext();
    const { table, rejects } = await importAs(ctx, 'bad', dir);
    expect(table.rowCount).toBe(2);
    expect(rejects.rowCount).toBe(2);
    expect(rejects).toEqual(await ctx.data.describe(rejects.table));
    expect((await ctx.data.all<{ line: number }>(`SELECT line FROM "${rejects.table}" ORDER BY line`)).map((r) => Number(r.line))).toEqual([3, 5]);
  });
});
