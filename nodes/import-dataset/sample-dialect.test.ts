/**
 * The sample's second opinion on the layout, on the first 64 KB of real files (expected figures
 * from the data README and `head` of each file).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nullStrings, parseQuote } from './read-sql.js';
import { sampleDialect } from './sample-dialect.js';

const DATA = resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/data');
const head = (file: string) =>
  readFileSync(resolve(DATA, file))
    .subarray(0, 64 * 1024)
    .toString('utf8');

describe('sampleDialect', () => {
  it('finds 11 fields and a header in titanic despite quoted commas', () => {
    const d = sampleDialect(head('titanic_raw.csv'), true)!;
    expect(d).toMatchObject({ delimiter: ',', quote: '"', fieldCount: 11, header: true });
    expect(d.firstRow[2]).toBe('name');
  });

  it('sees no header in adult (its first line is data) and 15 fields', () => {
    const d = sampleDialect(head('adult-train.csv'), false)!;
    expect(d).toMatchObject({ delimiter: ',', fieldCount: 15, header: false });
  });

  it('reads penguins as 7 fields with a header', () => {
    expect(sampleDialect(head('penguins.csv'), true)).toMatchObject({ fieldCount: 7, header: true });
  });
});

describe('read options', () => {
  it('adds the space-prefixed markers when trimming', () => {
    expect(nullStrings(['', '?'], true)).toEqual(['', '?', ' ?', '? ', ' ? ', ' ']);
    expect(nullStrings(['NA'], false)).toEqual(['NA']);
  });

  it('accepts auto or one character as the quote', () => {
    expect(parseQuote('auto')).toBeUndefined();
    expect(parseQuote("'")).toBe("'");
    expect(() => parseQuote('""')).toThrow(/one character or "auto", got """"/);
  });
});
