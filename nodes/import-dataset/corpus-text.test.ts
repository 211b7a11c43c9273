/**
 * Malformed-file corpus, part 1: text files with broken or unusual shapes (ragged rows, unclosed
 * quotes, binary, empty, header only, BOM, UTF-16, duplicate names, 10,000 columns) through the
 * import node. Each file is built here; the expected outcome is written beside it from a hand
 * count or the awk/python3 command that gives it, never from the code under test.
 * Damaged files (gzip, long lines, line ends) are in corpus-damaged.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useImportCorpus } from '../testing/import-corpus.js';

const { dir, file, importFile, importError, ctx } = useImportCorpus();

const all = (sql: string) => ctx().data.all(sql);
const lastProgress = () => ctx().progressCalls.at(-1)?.message;

describe('ragged rows and quotes', () => {
  it('ragged: keeps the 3-field rows and rejects the short and the long line by number', async () => {
    const { table, rejects } = await importFile(file('ragged.csv', 'id,name,score\n1,a,10\n2,b\n3,c,30,extra\n4,d,40\n5,e,50\n'));
    // awk -F, 'NR>1 && NF==3 {print $1}' -> 1 4 5;  awk -F, 'NF!=3 {print NR}' -> 3 4
    expect(await all(`SELECT id FROM "${table.table}" ORDER BY id`)).toEqual([{ id: 1 }, { id: 4 }, { id: 5 }]);
    expect(await all(`SELECT line, problem, raw_line FROM "${rejects.table}" ORDER BY line`)).toEqual([
      { line: 3, problem: 'MISSING COLUMNS', raw_line: '2,b' },
      { line: 4, problem: 'TOO MANY COLUMNS', raw_line: '3,c,30,extra' },
    ]);
    expect(lastProgress()).toBe('3 rows read, 2 lines rejected (lines 3, 4): see the rejects output');
  });

  it('unclosed quote mid-file: the record it swallows (lines 3-4) is rejected, the rows around it kept', async () => {
    const text = 'id,name,score\n1,"Smith, A",10\n2,"Jones, B,20\n3,"Lee, C",30\n4,"Kim, D",40\n5,"Park, E",50\n';
    // python3 csv.reader: ['2', 'Jones, B,20\n3,Lee', ' C"', '30'] is one 4-field record over lines 3-4; rows 1, 4, 5 have 3 fields.
    const { table, rejects } = await importFile(file('unclosed-mid.csv', text));
    expect(await all(`SELECT id, name FROM "${table.table}" ORDER BY id`)).toEqual([
      { id: 1, name: 'Smith, A' },
      { id: 4, name: 'Kim, D' },
      { id: 5, name: 'Park, E' },
    ]);
    // DuckDB files two errors for it: UNQUOTED VALUE at its column 2 (name), TOO MANY COLUMNS at column 4; listed in that order.
    expect(await all(`SELECT line, problem, raw_line FROM "${rejects.table}"`)).toEqual([
      { line: 3, problem: 'UNQUOTED VALUE, TOO MANY COLUMNS', raw_line: '2,"Jones, B,20\n3,"Lee, C",30' },
    ]);
  });

  it('a lone quote in a file that quotes nothing is read as text', async () => {
    // awk -F, '{print NF}' -> 3 on every line: with no quoted value anywhere, '"b' is a value.
    const { table, rejects } = await importFile(file('lone-quote.csv', 'id,name,score\n1,a,10\n2,"b,20\n3,c,30\n4,d,40\n'));
    expect(await all(`SELECT id, name, score FROM "${table.table}" WHERE id = 2`)).toEqual([{ id: 2, name: '"b', score: 20 }]);
    expect([table.rowCount, rejects.rowCount]).toEqual([4, 0]);
  });
});

describe('files that hold no table', () => {
  it('binary: a SQLite database is refused as not a table', async () => {
    const err = await importError(file('db.csv', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(84)])));
    expect(err.code).toBe('NOT_A_TABLE');
    expect(err.message).toBe(`${join(dir, 'db.csv')} is not a table: it holds binary data (an image, archive or database?).`);
  });

  it('empty: 0 bytes, only blank lines, or a gzip of nothing', async () => {
    expect(await importError(file('empty.csv', ''))).toMatchObject({ code: 'EMPTY_FILE', message: `${join(dir, 'empty.csv')} is empty (0 bytes).` });
    const blank = await importError(file('blank.csv', '\n\n  \n'));
    expect(blank).toMatchObject({ code: 'EMPTY_FILE', message: `${join(dir, 'blank.csv')} holds no data: it holds only blank lines.` });
    // gzip -cn < /dev/null | xxd -p (20 bytes)
    const gz = await importError(file('empty.csv.gz', Buffer.from('1f8b080000000000000303000000000000000000', 'hex')));
    expect(gz).toMatchObject({ code: 'EMPTY_FILE', message: `${join(dir, 'empty.csv.gz')} holds no data: it unpacks to 0 bytes.` });
  });

  it('header only: 0 rows with the three named columns', async () => {
    const { table, rejects } = await importFile(file('header-only.csv', 'id,name,score\n'));
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'name', 'score']);
    expect([table.rowCount, rejects.rowCount]).toEqual([0, 0]);
    expect(lastProgress()).toBe('0 rows read, no lines rejected');
  });
});

describe('encodings', () => {
  it('a UTF-8 byte-order mark does not end up in the first column name', async () => {
    const { table } = await importFile(file('bom.csv', '\ufeffid,name\n1,a\n2,b\n'));
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(await all(`SELECT id, name FROM "${table.table}" ORDER BY id`)).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
  });

  it('UTF-16 little-endian (with its BOM, CRLF) is read; big-endian is refused by name instead of read as 0 rows', async () => {
    // python3: 'id,name\r\n1,é\r\n2,b\r\n'.encode('utf-16') writes FF FE then little-endian text.
    const le = await importFile(file('utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\r\n1,é\r\n2,b\r\n', 'utf16le')])));
    expect(await all(`SELECT id, name FROM "${le.table.table}" ORDER BY id`)).toEqual([
      { id: 1, name: 'é' },
      { id: 2, name: 'b' },
    ]);
    ctx().data.close();
    const be = Buffer.from('id,name\n1,é\n2,b\n', 'utf16le').swap16();
    const err = await importError(file('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be])));
    expect(err.code).toBe('ENCODING');
    expect(err.message).toBe(`${join(dir, 'utf16be.csv')} is UTF-16 big-endian text (it starts with the bytes FE FF), which the CSV reader cannot read.`);
    expect(err.hint).toContain('iconv -f UTF-16BE -t UTF-8');
  });
});

describe('column names and counts', () => {
  it('duplicate names: every column is kept, names made unique (case-insensitively), values in file order', async () => {
    const { table } = await importFile(file('dup.csv', 'a,b,a,A\n1,2,3,4\n5,6,7,8\n'));
    const names = table.columns.map((c) => c.name);
    expect(names).toEqual(['a', 'b', 'a_1', 'A_2']);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
    expect(await all(`SELECT * FROM "${table.table}" ORDER BY 1`)).toEqual([
      { a: 1, b: 2, a_1: 3, A_2: 4 },
      { a: 5, b: 6, a_1: 7, A_2: 8 },
    ]);
  });

  it('10,000 columns by 3 rows', async () => {
    const n = 10_000;
    const header = Array.from({ length: n }, (_, i) => `c${i}`).join(',');
    const body = [0, 1, 2].map((r) => Array.from({ length: n }, (_, i) => r * n + i).join(','));
    const { table, rejects } = await importFile(file('wide.csv', [header, ...body].join('\n') + '\n'));
    expect([table.rowCount, table.columns.length, rejects.rowCount]).toEqual([3, 10_000, 0]);
    expect(table.columns.at(-1)?.name).toBe('c9999');
    // Row r holds r*10000 + i in column i: c9999 sums to 9999 + 19999 + 29999 = 59997; c0 to 0 + 10000 + 20000.
    expect(await all(`SELECT sum(c9999) AS last, sum(c0) AS first FROM "${table.table}"`)).toEqual([{ last: 59_997, first: 30_000 }]);
  });
});
