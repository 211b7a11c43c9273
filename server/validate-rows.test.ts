/**
 * The compiled JSON reader (checkRows on JSON rows) against the plain column loop (checkEach) it
 * stands in for, and against cells written by hand: same cells for valid rows, the loop's messages
 * for any wrong one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADULT_COLUMNS } from '../nodes/testing/test-data.js';
import { SHARED_DATA } from '../nodes/testing/test-datasets.js';
import type { InputColumn } from './served-model.js';
import { checkEach, checkRows } from './validate-rows.js';

const inputs: InputColumn[] = [
  { name: 'age', type: 'number' },
  { name: 'work class', type: 'text' },
  { name: 'a"b\\c\u2028', type: 'text' },
  { name: 'constructor', type: 'number' },
];

describe('checkRows on JSON rows', () => {
  it('reads valid rows into the cells written by hand: null and absent-as-undefined are missing, numbers and booleans in text become text', () => {
    const rows = [
      { age: 39, 'work class': 'State-gov', 'a"b\\c\u2028': 'x', constructor: 1.5 },
      { age: null, 'work class': 7, 'a"b\\c\u2028': true, constructor: null },
      { age: -0, 'work class': null, 'a"b\\c\u2028': '', constructor: 0, extra: 'ignored' },
      { 'a"b\\c\u2028': undefined, constructor: 2, age: 1e300, 'work class': undefined },
    ];
    const expected = [
      [39, null, -0, 1e300],
      ['State-gov', '7', null, null],
      ['x', 'true', '', null],
      [1.5, null, 0, 2],
    ];
    expect(checkRows(inputs, rows, 'json')).toEqual({ columns: expected });
    expect(checkEach(inputs, rows, 'json')).toEqual({ columns: expected });
  });

  it('answers the loop`s messages, every wrong field named, when any cell is wrong or missing', () => {
    const good = { age: 1, 'work class': 'a', 'a"b\\c\u2028': 'b', constructor: 2 };
    const cases = [
      [good, { ...good, age: '39' }],
      [{ ...good, 'work class': { nested: 1 } }, good, { ...good, constructor: [1] }],
      [(({ age: _a, ...rest }) => rest)(good), { ...good, 'a"b\\c\u2028': [] }],
      [{ ...good, age: Infinity }],
    ];
    for (const rows of cases) {
      const checked = checkRows(inputs, rows, 'json');
      expect('errors' in checked).toBe(true);
      expect(checked).toEqual(checkEach(inputs, rows, 'json'));
    }
    expect(checkRows(inputs, [good, { ...good, age: 'x' }], 'json')).toEqual({
      errors: [{ field: 'age', message: 'column "age" must be a number (or null); row(s) 1 have something else.' }],
    });
  });

  it('gives the loop`s cells for 2,000 raw adult-test rows', () => {
    const names = ADULT_COLUMNS.filter((n) => n !== 'income');
    const adult: InputColumn[] = names.map((name) => ({
      name,
      type: ['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week'].includes(name) ? 'number' : 'text',
    }));
    const lines = readFileSync(join(SHARED_DATA, 'adult-test.csv'), 'utf8').split('\n').slice(1, 2001);
    const rows = lines.map((line) => {
      const cells = line.split(',').map((c) => c.trim());
      return Object.fromEntries(adult.map((c, j) => [c.name, cells[j] === '?' ? null : c.type === 'number' ? Number(cells[j]) : cells[j]]));
    });
    const checked = checkRows(adult, rows, 'json') as { columns: unknown[][] };
    expect(checked.columns.map((c) => c.length)).toEqual(names.map(() => 2000));
    expect(checked).toEqual(checkEach(adult, rows, 'json'));
  });
});
