import { describe, expect, it } from 'vitest';
import { enterDataDef } from './def.js';
import { checkDocumentBytes, DOCUMENT_LIMITS, utf8Length } from '../../engine/document/limits.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { serializePipeline } from '../../engine/document/serialize.js';
import { parseParams } from '../../engine/graph/parse-params.js';
import { detectCellType, readCell, readTable, TABLE_PARAM_LIMITS } from '../../engine/graph/table-param.js';
import { splitDelimited, tableFromText } from '../../engine/graph/table-paste.js';

describe('table param cells', () => {
  it('reads each type to its canonical text, and refuses what is not of the type', () => {
    expect(readCell('integer', ' 42 ')).toBe('42');
    expect(readCell('integer', '+007')).toBe('7');
    expect(readCell('integer', '4.5')).toBeUndefined();
    expect(readCell('integer', '9223372036854775808')).toBeUndefined(); // one above BIGINT's max
    expect(readCell('number', '-1.5e3')).toBe('-1.5e3');
    expect(readCell('number', '1,5')).toBeUndefined();
    expect(readCell('boolean', 'Yes')).toBe('true');
    expect(readCell('boolean', '0')).toBe('false');
    expect(readCell('boolean', 'maybe')).toBeUndefined();
    expect(readCell('date', '2024-02-29')).toBe('2024-02-29');
    expect(readCell('date', '2023-02-29')).toBeUndefined();
    expect(readCell('text', '  spaced ')).toBe('  spaced ');
    expect(readCell('integer', '')).toBeNull();
    expect(readCell('date', null)).toBeNull();
  });

  it('detects the narrowest type of a pasted column', () => {
    expect(detectCellType(['1', '', '-3'])).toBe('integer');
    expect(detectCellType(['1', '2.5'])).toBe('number');
    expect(detectCellType(['0', '1'])).toBe('integer');
    expect(detectCellType(['TRUE', 'no'])).toBe('boolean');
    expect(detectCellType(['2024-01-31', null])).toBe('date');
    expect(detectCellType(['2024-01-31', 'soon'])).toBe('text');
    expect(detectCellType([null, ''])).toBe('text');
  });
});

describe('pasting', () => {
  it('reads a spreadsheet copy: tabs, a header row, quoted cells with tabs, quotes and line breaks', () => {
    const text = 'review\tstars\tverified\tdate\r\n"great, ""really""\tgood"\t5\tTRUE\t2024-03-01\r\n"two\nlines"\t\tno\t\r\n';
    expect(splitDelimited(text, '\t')).toEqual([
      ['review', 'stars', 'verified', 'date'],
      ['great, "really"\tgood', '5', 'TRUE', '2024-03-01'],
      ['two\nlines', '', 'no', ''],
    ]);
    expect(tableFromText(text)).toEqual({
      columns: [
        { name: 'review', type: 'text' },
        { name: 'stars', type: 'integer' },
        { name: 'verified', type: 'boolean' },
        { name: 'date', type: 'date' },
      ],
      rows: [
        ['great, "really"\tgood', '5', 'TRUE', '2024-03-01'],
        ['two\nlines', null, 'no', null],
      ],
    });
  });

  it('reads CSV (and semicolons), names blank and repeated headers, pads short rows', () => {
    expect(tableFromText('a,b\n1,"x,y"\n2\n')).toEqual({
      columns: [
        { name: 'a', type: 'integer' },
        { name: 'b', type: 'text' },
      ],
      rows: [
        ['1', 'x,y'],
        ['2', null],
      ],
    });
    expect(tableFromText('a;;a\n1,5;2;3').columns.map((c) => c.name)).toEqual(['a', 'column_2', 'a_2']);
  });
});

describe('table param checks', () => {
  const issues = (table: unknown) => parseParams(enterDataDef, { table }, { path: 'nodes[0].params' }).issues;

  it('names the row, the column and the value of a cell that is not of its type', () => {
    const table = {
      columns: [
        { name: 'name', type: 'text' },
        { name: 'age', type: 'integer' },
      ],
      rows: [
        ['Ada', '36'],
        ['Bob', 'forty'],
      ],
    };
    expect(issues(table)).toEqual([
      {
        code: 'PARAM_INVALID',
        path: 'nodes[0].params.table.rows[1][1]',
        severity: 'error',
        message: 'row 2, column "age": "forty" is not a whole number; fix the cell or change the column type',
      },
    ]);
    const fixed = parseParams(enterDataDef, { table: { ...table, columns: [table.columns[0], { name: 'age', type: 'text' }] } });
    expect(fixed.values?.table.rows[1]).toEqual(['Bob', 'forty']);
  });

  it('refuses tables over the documented limits, and bad headers', () => {
    const { maxRows, maxColumns, maxCellChars } = TABLE_PARAM_LIMITS;
    expect([maxRows, maxColumns]).toEqual([1000, 50]);
    const col = [{ name: 'x', type: 'integer' }];
    expect(issues({ columns: col, rows: Array.from({ length: 1000 }, (_, i) => [String(i)]) })).toEqual([]);
    expect(issues({ columns: col, rows: Array.from({ length: 1001 }, () => ['1']) })[0].message).toBe(
      'the table has 1001 rows; the limit is 1000: keep bigger data in a file and import it',
    );
    const wide = Array.from({ length: 51 }, (_, i) => ({ name: `c${i}`, type: 'text' }));
    expect(issues({ columns: wide, rows: [] })[0].message).toMatch(/^the table has 51 columns; the limit is 50/);
    expect(issues({ columns: [{ name: 't', type: 'text' }], rows: [['x'.repeat(maxCellChars + 1)]] })[0]).toMatchObject({
      path: 'nodes[0].params.table.rows[0][0]',
      message: 'row 1, column 1: the cell has 2001 characters; the limit is 2000',
    });
    expect(
      issues({
        columns: [
          { name: 'Age', type: 'text' },
          { name: 'age', type: 'integer' },
        ],
        rows: [],
      })[0].message,
    ).toBe('columns 1 and 2 are both named "age": rename one');
    expect(issues({ columns: [{ name: 'x', type: 'float' }], rows: [] })[0].message).toMatch(/type one of text, integer, number, boolean, date/);
    expect(issues({ columns: col, rows: [['1', '2']] })[0].message).toBe('row 1: expected 1 cells, each a text or null');
    expect(issues('a,b')[0].message).toMatch(/^expected a table/);
  });

  it('fits the largest table the limits allow inside the document size limit, even with the costliest characters', () => {
    const { maxRows, maxColumns, maxTotalChars } = TABLE_PARAM_LIMITS;
    // A control character takes 6 bytes in JSON (\u0001): the worst case per character.
    const perCell = Math.floor(maxTotalChars / (maxRows * maxColumns));
    const table = {
      columns: Array.from({ length: maxColumns }, (_, i) => ({ name: `column_${i}`, type: 'text' })),
      rows: Array.from({ length: maxRows }, () => Array.from({ length: maxColumns }, () => '\u0001'.repeat(perCell))),
    };
    expect(issues(table)).toEqual([]);
    const doc: PipelineDocument = {
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: 'big',
      name: 'Big',
      nodes: [{ id: 'data', type: 'enter-data', typeVersion: 1, params: { table }, position: { x: 0, y: 0 } }],
      edges: [],
    };
    const bytes = utf8Length(serializePipeline(doc));
    expect(bytes).toBeGreaterThan(6 * maxTotalChars);
    expect(checkDocumentBytes(bytes)).toBeUndefined();
    expect(bytes).toBeLessThan(DOCUMENT_LIMITS.maxBytes);
  });

  it('counts cell problems past the first twenty instead of listing each', () => {
    const read = readTable({ columns: [{ name: 'n', type: 'number' }], rows: Array.from({ length: 25 }, () => ['x']) });
    expect(read.problems).toHaveLength(21);
    expect(read.problems[20].message).toBe("5 more cells are not of their column's type");
  });
});
