/**
 * The gzip CSV path through a plain copy: the copy holds exactly the unpacked text, the checks the
 * file scan made (damaged streams, over-long lines) still hold, DuckDB's messages name the user's
 * file, and no copy outlives the import, whether it succeeds, fails or is cancelled.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { literal, openDataPlane } from '../../engine/data/data-plane.js';
import { defaultParams } from '../../engine/node-def.js';
import type { NodeError } from '../../engine/node-run.js';
import { createTestContext } from '../../engine/testing/fake-context.js';
import type { TableValue } from '../../engine/values.js';
import { importDatasetDef } from './def.js';
import { nameUserFile, type CsvReadOptions } from './read-sql.js';
import { importDatasetRunner } from './run.js';
import { unpackGzip } from './unpack-gzip.js';

const dir = mkdtempSync(join(tmpdir(), 'ls-unpack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, content: Buffer) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const live = () => new AbortController().signal;
/** What unpacking left in `parent`: its copies' folders are named .unpack-*. */
const leftovers = (parent: string) => readdirSync(parent).filter((f) => f.startsWith('.unpack-'));

describe('unpackGzip', () => {
  it('writes the unpacked text byte for byte, finds no long line in short lines, and removes the copy', async () => {
    const text = 'id,name\n1,a\n2,b\n';
    const parent = mkdtempSync(join(dir, 'p-'));
    const u = await unpackGzip(put('small.csv.gz', gzipSync(text)), parent, 0x0a, live());
    expect(readFileSync(u!.path, 'utf8')).toBe(text);
    expect(u!.longLines).toEqual([]);
    await u!.remove();
    expect(leftovers(parent)).toEqual([]);
  });

  it('numbers a line over 2,000,000 bytes as the file does (line 3 here) and keeps its first 200 characters', async () => {
    // Line 1 header, line 2 "1,a", line 3 "2," + 2,100,000 x = 2,100,002 bytes.
    const text = `id,name\n1,a\n2,${'x'.repeat(2_100_000)}\n3,c\n`;
    const parent = mkdtempSync(join(dir, 'p-'));
    const u = await unpackGzip(put('long.csv.gz', gzipSync(text)), parent, 0x0a, live());
    expect(u!.longLines).toEqual([{ line: 3, bytes: 2_100_002, head: `2,${'x'.repeat(198)}` }]);
    await u!.remove();
  });

  it('refuses a cut gzip stream as FILE_DAMAGED and leaves no copy behind', async () => {
    const whole = gzipSync('a,b\n1,2\n3,4\n');
    const parent = mkdtempSync(join(dir, 'p-'));
    const err = (await unpackGzip(put('cut.csv.gz', whole.subarray(0, whole.length - 8)), parent, 0x0a, live()).catch((e: unknown) => e)) as NodeError;
    expect(err.code).toBe('FILE_DAMAGED');
    expect(err.message).toContain(`${join(dir, 'cut.csv.gz')} is truncated`);
    expect(leftovers(parent)).toEqual([]);
  });

  it('stops on a cancelled signal with its reason and leaves no copy behind', async () => {
    const parent = mkdtempSync(join(dir, 'p-'));
    const stop = new AbortController();
    stop.abort(new Error('cancelled by the user'));
    const err = await unpackGzip(put('any.csv.gz', gzipSync('a\n1\n')), parent, 0x0a, stop.signal).catch((e: unknown) => e);
    expect(String(err)).toContain('cancelled by the user');
    expect(leftovers(parent)).toEqual([]);
  });
});

describe('nameUserFile', () => {
  it("puts the user's file in place of the copy in a real DuckDB message", async () => {
    const data = await openDataPlane(':memory:');
    const copy = join(dir, '.unpack-x', 'data.csv');
    const err = await data.all(`SELECT * FROM read_csv(${literal(copy)})`).catch((e: unknown) => e);
    data.close();
    expect(String(err)).toContain(copy); // DuckDB: No files found that match the pattern "<copy>"
    const named = nameUserFile(err, { unpacked: copy } as CsvReadOptions, '/home/ana/kdd.csv.gz');
    expect(String(named)).toContain('/home/ana/kdd.csv.gz');
    expect(String(named)).not.toContain(copy);
  });
});

describe('the import node on a gzip CSV', () => {
  it('reads through the copy (rows and rejects as written) and removes it from the artifact folder', async () => {
    // awk -F, 'NF!=3 {print NR}' -> 3: line 3 "2,b" is short; rows 1, 3 kept.
    const ctx = await createTestContext({ baseDir: dir });
    const path = put('ragged.csv.gz', gzipSync('id,name,score\n1,a,10\n2,b\n3,c,30\n'));
    const out = await importDatasetRunner.run(ctx, {}, { ...defaultParams(importDatasetDef.params), path });
    expect((out.table as TableValue).rowCount).toBe(2);
    expect(await ctx.data.all(`SELECT line, raw_line FROM "${(out.rejects as TableValue).table}"`)).toEqual([{ line: 3, raw_line: '2,b' }]);
    expect(ctx.logs.at(-1)?.message).toContain('CSV (gzip)');
    expect(leftovers(ctx.artifactDir)).toEqual([]);
    ctx.data.close();
  });

  it('removes the copy when the read fails after unpacking', async () => {
    // Column names for 2 columns on a 3-column file: refused after DuckDB read the copy.
    const ctx = await createTestContext({ baseDir: dir });
    const path = put('three.csv.gz', gzipSync('a,b,c\n1,2,3\n'));
    const err = (await importDatasetRunner
      .run(ctx, {}, { ...defaultParams(importDatasetDef.params), path, columnNames: ['x', 'y'] })
      .catch((e: unknown) => e)) as NodeError;
    expect(err.code).toBeDefined();
    expect(err.message).toContain('three.csv.gz');
    expect(err.message).not.toContain('.unpack-');
    expect(leftovers(ctx.artifactDir)).toEqual([]);
    ctx.data.close();
  });
});
