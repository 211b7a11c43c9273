/**
 * explainReadError on the errors real DuckDB raises: the cause named is the one in DuckDB's
 * reason, not a word from the search space or the "Possible fixes" list it appends, and the text
 * kept ends on a whole sentence.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal, openDataPlane, type DataPlane } from '../../engine/data/data-plane.js';
import { explainReadError, wholeSentences } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ls-errors-'));
let data: DataPlane;
beforeAll(async () => (data = await openDataPlane(':memory:')));
afterAll(() => {
  data.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What DuckDB throws reading `content` with `options`. */
async function duckError(name: string, content: string | Buffer, options = ''): Promise<unknown> {
  const path = join(dir, name);
  writeFileSync(path, content);
  return data.all(`SELECT * FROM read_csv(${literal(path)}${options})`).then(
    () => new Error('expected DuckDB to fail'),
    (e: unknown) => e,
  );
}

describe('explainReadError on real DuckDB errors', () => {
  it('a failed sniff is "does not look like a table", not an encoding problem, and stops before the search space', async () => {
    const err = await duckError('mixed.csv', 'a,b\r\n1,2\n3,4\r\n5,6\n');
    // DuckDB's own text lists "Encoding: utf-8" and "Make sure you are using the correct file encoding".
    expect(String(err)).toMatch(/Encoding: utf-8/);
    const e = explainReadError(err, '/d/mixed.csv', 'csv', 'utf-8');
    expect(e.code).toBe('NOT_A_TABLE');
    expect(e.message).toBe(
      '/d/mixed.csv does not look like a table: its separator, quoting or header could not be detected (Invalid Input Error: Error when sniffing file "' +
        join(dir, 'mixed.csv') +
        '". It was not possible to automatically detect the CSV parsing dialect.)',
    );
  });

  it('with the sample, the same failure names the mixed line ends', async () => {
    const err = await duckError('mixed2.csv', 'a,b\r\n1,2\n3,4\r\n5,6\n');
    const e = explainReadError(err, '/d/mixed2.csv', 'csv', 'utf-8', 'a,b\r\n1,2\n3,4\r\n5,6\n');
    expect(e.code).toBe('MIXED_LINE_ENDS');
  });

  it('a line over max_line_size is LINE_TOO_LONG', async () => {
    const err = await duckError('long.csv', `a,b\n1,${'x'.repeat(200)}\n`, ', max_line_size = 100');
    const e = explainReadError(err, '/d/long.csv', 'csv', 'utf-8');
    expect(e.code).toBe('LINE_TOO_LONG');
    expect(e.message).toMatch(/^\/d\/long\.csv has a line longer than the reader's limit/);
    expect(e.message).not.toMatch(/Possible Solution/);
  });

  it('invalid UTF-8 is still ENCODING', async () => {
    const err = await duckError('latin.csv', Buffer.from('city,n\nMontr\xe9al,3\n', 'latin1'), ", encoding = 'utf-8', header = true");
    expect(explainReadError(err, '/d/latin.csv', 'csv', 'utf-8').code).toBe('ENCODING');
  });
});

describe('wholeSentences', () => {
  it('keeps whole sentences within the limit', () => {
    expect(wholeSentences('One two. Three four five. Six.', 20)).toBe('One two.');
    expect(wholeSentences('Short.', 20)).toBe('Short.');
  });

  it('does not split at a dot inside a path', () => {
    expect(wholeSentences('Reading /tmp/a.csv failed. Then more text follows here.', 30)).toBe('Reading /tmp/a.csv failed.');
  });

  it('cuts a single over-long sentence at a word and says so', () => {
    expect(wholeSentences('alpha beta gamma delta epsilon', 14)).toBe('alpha beta ...');
  });
});
