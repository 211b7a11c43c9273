/**
 * Malformed-file corpus, part 2: damaged and awkward files (truncated and corrupt gzip, gzip
 * naming, over-long lines, mixed line ends) through the import node. Each file is built here, so
 * its rows, broken lines and line numbers are known by construction; the expected outcome is
 * written beside it (hand count, or the shell command that says the same).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useImportCorpus } from '../testing/import-corpus.js';

const KDD_GZ = resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/data/kddcup.data_10_percent.csv.gz');

const { dir, file, importFile, importError, ctx } = useImportCorpus();

const rows = (table: string) => ctx().data.all(`SELECT * FROM "${table}"`);
const rejected = (table: string) => ctx().data.all<{ line: number; problem: string }>(`SELECT line, problem FROM "${table}" ORDER BY line`);
/** `gzip -t` is the independent judge of a gzip file: exit 0 when it is whole. */
const gzipTestFails = (path: string) => spawnSync('gzip', ['-t', path]).status !== 0;

describe('damaged gzip files', () => {
  const kdd = readFileSync(KDD_GZ);

  it('refuses a gzip file cut mid-stream instead of importing the rows before the cut', async () => {
    const path = file('cut.csv.gz', kdd.subarray(0, Math.floor(kdd.length / 2)));
    expect(gzipTestFails(path)).toBe(true); // gzip: cut.csv.gz: unexpected end of file
    const err = await importError(path);
    expect(err.code).toBe('FILE_DAMAGED');
    expect(err.message).toMatch(/cut\.csv\.gz is truncated: its gzip data stops after [\d.]+ MB of text \(unexpected end of file\)\. Nothing was imported/);
    expect(err.hint).toContain('gzip -t');
    expect(await ctx().data.tableExists(ctx().outputTable('table'))).toBe(false);
  });

  it('refuses a gzip file that lost only its trailer, where every line inside is whole', async () => {
    // 3 whole lines, then the 8-byte CRC/size trailer removed: DuckDB read such a file as complete.
    const whole = gzipSync('a,b\n1,2\n3,4\n');
    const path = file('no-trailer.csv.gz', whole.subarray(0, whole.length - 8));
    expect(gzipTestFails(path)).toBe(true);
    expect((await importError(path)).code).toBe('FILE_DAMAGED');
  });

  it('refuses a corrupt gzip file (40 bytes flipped in the middle) and does not hang on it', async () => {
    const bad = Buffer.from(kdd);
    for (let i = 500_000; i < 500_040; i++) bad[i] ^= 0x55;
    const path = file('flipped.csv.gz', bad);
    expect(gzipTestFails(path)).toBe(true); // gzip: invalid compressed data--crc error
    const err = await importError(path);
    expect(err.code).toBe('FILE_DAMAGED');
    expect(err.message).toMatch(/flipped\.csv\.gz is corrupt: unpacking its gzip data failed after [\d.]+ MB of text/);
  });

  it('refuses a JSON Lines gzip file that lost its trailer', async () => {
    const whole = gzipSync('{"a":1}\n{"a":2}\n');
    const path = file('cut.jsonl.gz', whole.subarray(0, whole.length - 8));
    expect(gzipTestFails(path)).toBe(true);
    expect((await importError(path)).code).toBe('FILE_DAMAGED');
  });

  it('reads a plain file named .gz, and a gzip file named .csv, by their content', async () => {
    // 2 data rows under a header, by hand.
    const plain = await importFile(file('plain.csv.gz', 'a,b\n1,2\n3,4\n'));
    expect(await rows(plain.table.table)).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
    ctx().data.close();
    const packed = await importFile(file('packed.csv', gzipSync('a,b\n1,2\n3,4\n')));
    expect(packed.table.rowCount).toBe(2);
    expect(ctx().logs.at(-1)?.message).toContain('CSV (gzip)');
  });
});

describe('over-long lines', () => {
  // Line 1 header, line k+1 holds id k; id 25,000 (line 25,001) is the long one, past the sniffer's sample.
  const longLate = (bytes: number) => {
    const lines = ['id,name'];
    for (let id = 1; id <= 30_000; id++) lines.push(id === 25_000 ? `${id},${'q'.repeat(bytes)}` : `${id},n${id}`);
    return lines.join('\n') + '\n';
  };

  it('puts a 33 MB line (over DuckDB read buffer, which drops it silently) in rejects with its line number', async () => {
    const { table, rejects } = await importFile(file('long-late.csv', longLate(33_000_000)));
    expect(table.rowCount).toBe(29_999);
    expect(await rejected(rejects.table)).toEqual([{ line: 25_001, problem: 'LINE SIZE OVER MAXIMUM' }]);
    const [reject] = await ctx().data.all<{ message: string; raw_line: string }>(`SELECT message, raw_line FROM "${rejects.table}"`);
    // "25000," + 33,000,000 q = 33,000,006 bytes
    expect(reject.message).toBe(
      "Line 25,001 is 33,000,006 bytes long, over the reader's limit of 2,000,000 bytes; its first 200 characters are kept in raw_line.",
    );
    expect(reject.raw_line).toBe(`25000,${'q'.repeat(194)}`);
    expect(ctx().progressCalls.at(-1)?.message).toBe('29,999 rows read, 1 line rejected (line 25,001): see the rejects output');
    rmSync(join(dir, 'long-late.csv'));
  });

  // DuckDB rejects a line over max_line_size (2,000,000 bytes) that fits its read buffer (8 MB as
  // the import sets it; 32 MB by default) and drops a longer one: 3 MB is DuckDB's own reject, 10 MB
  // the scan's. With the buffer set and the limit left unsaid, DuckDB read the 3 MB line as a row.
  it.each([
    ['3 MB', 3_000_000, false],
    ['3 MB, gzip', 3_000_000, true],
    ['10 MB', 10_000_000, false],
    ['10 MB, gzip', 10_000_000, true],
  ])('puts a %s line in rejects and keeps every other row', async (_name, bytes, gzip) => {
    const name = gzip ? 'long-mid.csv.gz' : 'long-mid.csv';
    const text = longLate(bytes);
    const { table, rejects } = await importFile(file(name, gzip ? gzipSync(text) : text));
    expect(table.rowCount).toBe(29_999);
    // ids 1..30,000 less 25,000: 450,015,000 - 25,000 (n(n+1)/2 by hand)
    expect(await ctx().data.all(`SELECT sum(id) AS s, count(DISTINCT id) AS d FROM "${table.table}"`)).toEqual([{ s: 449_990_000, d: 29_999 }]);
    expect(await rejected(rejects.table)).toEqual([{ line: 25_001, problem: 'LINE SIZE OVER MAXIMUM' }]);
    rmSync(join(dir, name));
  });

  it('the issue shape: header, a 40 MB line 2, short rows: header kept, the long line rejected, no minutes of sniffing', async () => {
    // Before: 4 rows with the header read as data and the long line gone, "no lines rejected",
    // after DuckDB's sniffer spent ~25 s failing on the long line (twice).
    const path = file('long-first.csv', `id,name\n9,${'y'.repeat(40_000_000)}\n1,x\n3,z\n4,w\n`);
    const { table, rejects } = await importFile(path);
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(await ctx().data.all(`SELECT id, name FROM "${table.table}" ORDER BY id`)).toEqual([
      { id: 1, name: 'x' },
      { id: 3, name: 'z' },
      { id: 4, name: 'w' },
    ]);
    // "9," + 40,000,000 y = 40,000,002 bytes on line 2
    expect(await ctx().data.all(`SELECT line, problem, message FROM "${rejects.table}"`)).toEqual([
      {
        line: 2,
        problem: 'LINE SIZE OVER MAXIMUM',
        message: "Line 2 is 40,000,002 bytes long, over the reader's limit of 2,000,000 bytes; its first 200 characters are kept in raw_line.",
      },
    ]);
    expect(ctx().logs.some((l) => l.message.startsWith("DuckDB's layout detection skipped (line 2 is over 2,000,000 bytes"))).toBe(true);
    rmSync(path);
  });
});

describe('mixed line ends', () => {
  it('names the mix of \\r\\n, \\n and \\r instead of blaming the text encoding, in whole sentences', async () => {
    // By hand: "a,b\r\n" and "5,6\r\n" end in \r\n; "1,2\n" and "7,8\n" in \n; "3,4\r" in a bare \r.
    const err = await importError(file('mixed.csv', 'a,b\r\n1,2\n3,4\r5,6\r\n7,8\n'));
    expect(err.code).toBe('MIXED_LINE_ENDS');
    expect(err.message).toBe(
      `${join(dir, 'mixed.csv')} mixes kinds of line end: in its first 64 KB, 2 lines end in \\r\\n (Windows), 2 in \\n (Unix) and 1 in \\r (old Mac). The CSV reader needs one kind per file, and guessing would merge or split rows.`,
    );
    expect(err.hint).toContain('dos2unix');
    expect(ctx().logs.some((l) => /not valid utf-8|search space/i.test(l.message))).toBe(false);
  });

  it('names a plain \\r\\n and \\n mix too', async () => {
    const err = await importError(file('crlf-lf.csv', 'a,b\r\n1,2\n3,4\r\n5,6\n'));
    expect(err.message).toContain('in its first 64 KB, 2 lines end in \\r\\n (Windows) and 2 in \\n (Unix).');
  });
});
