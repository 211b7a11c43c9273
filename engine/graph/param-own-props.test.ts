/**
 * Param names are looked up as own properties only: names every object inherits (`constructor`,
 * `toString`, `hasOwnProperty`, `__proto__`) are unknown params like any other typo. And list
 * items that must be whole numbers are checked at validate time, each with its own JSON path.
 */
import { describe, expect, it } from 'vitest';
import { defineNode } from '../node-def.js';
import { validateParams, withDefaults } from './param-validation.js';

const def = defineNode({
  type: 'test.props',
  typeVersion: 1,
  title: 'Props',
  stage: 'prepare',
  icon: 'x',
  description: 'A list of whole numbers and a records param.',
  inputs: [],
  outputs: [],
  params: {
    sizes: { kind: 'list', label: 'Sizes', default: ['64'], integerItems: { min: 1, max: 4096 } },
    words: { kind: 'list', label: 'Words', default: [] },
    rows: { kind: 'records', label: 'Rows', default: [], fields: { name: { kind: 'text', label: 'Name', default: '' } } },
  },
});

const INHERITED = ['constructor', 'toString', 'hasOwnProperty', '__proto__'];

describe('own-property checks', () => {
  it.each(INHERITED)('a param named "%s" is reported as unknown', (name) => {
    // JSON.parse makes "__proto__" an own key, as a pipeline file would.
    const params = JSON.parse(`{"${name}": 5}`) as Record<string, unknown>;
    const issues = validateParams(def, params, { path: 'nodes[0].params', nodeId: 'n' });
    expect(issues.map((i) => [i.code, i.path, i.severity])).toEqual([['UNKNOWN_PARAM', `nodes[0].params.${name}`, 'warning']]);
  });

  it.each(INHERITED)('a records field named "%s" is reported as unknown', (name) => {
    const params = JSON.parse(`{"rows": [{"name": "a", "${name}": 1}]}`) as Record<string, unknown>;
    const issues = validateParams(def, params, { path: 'p' });
    expect(issues.map((i) => [i.code, i.path])).toEqual([['UNKNOWN_PARAM', `p.rows[0].${name}`]]);
  });

  it('defaults are filled from own params only', () => {
    const params = Object.create({ sizes: ['7'] }) as Record<string, unknown>;
    expect(withDefaults(def.params, params).sizes).toEqual(['64']);
  });
});

describe('whole-number list items', () => {
  it('names each bad item by its JSON path', () => {
    const issues = validateParams(def, { sizes: ['-5', 'abc', '32'] }, { path: 'nodes[2].params' });
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['nodes[2].params.sizes[0]', 'expected whole numbers between 1 and 4096 (like "64" or "64, 32"), got "-5"'],
      ['nodes[2].params.sizes[1]', 'expected whole numbers between 1 and 4096 (like "64" or "64, 32"), got "abc"'],
    ]);
  });

  it('refuses a size over the maximum and accepts comma-separated sizes in one item', () => {
    expect(validateParams(def, { sizes: ['100000000'] }, { path: 'p' }).map((i) => i.path)).toEqual(['p.sizes[0]']);
    expect(validateParams(def, { sizes: ['64, 32', '16'] })).toEqual([]);
  });

  it('leaves lists without integerItems alone', () => {
    expect(validateParams(def, { words: ['-5', 'abc'] })).toEqual([]);
  });
});
