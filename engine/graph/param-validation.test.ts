import { describe, expect, it } from 'vitest';
import { defineNode } from '../node-def.js';
import { validateParams, withDefaults } from './param-validation.js';

const def = defineNode({
  type: 'test.params',
  typeVersion: 1,
  title: 'Params',
  stage: 'prepare',
  icon: 'x',
  description: 'Every param kind.',
  inputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  outputs: [],
  params: {
    ratio: { kind: 'number', label: 'Ratio', default: 0.8, min: 0, max: 1 },
    seed: { kind: 'integer', label: 'Seed', default: 42, min: 0 },
    shuffle: { kind: 'boolean', label: 'Shuffle', default: true },
    method: {
      kind: 'select',
      label: 'Method',
      default: 'random',
      options: [
        { value: 'random', label: 'Random' },
        { value: 'stratified', label: 'Stratified' },
      ],
    },
    target: { kind: 'column', label: 'Target column', port: 'table', default: '', required: true, showWhen: { method: 'stratified' } },
    keep: { kind: 'columns', label: 'Keep', port: 'table', default: [] },
    markers: { kind: 'list', label: 'Missing markers', default: ['?'] },
    apiKey: { kind: 'secret', label: 'API key', default: 'OPENAI_API_KEY' },
    steps: {
      kind: 'records',
      label: 'Steps',
      default: [],
      fields: {
        op: {
          kind: 'select',
          label: 'Operation',
          default: 'drop',
          options: [
            { value: 'drop', label: 'Drop' },
            { value: 'fill', label: 'Fill' },
          ],
        },
        value: { kind: 'text', label: 'Fill value', default: '', required: true, showWhen: { op: 'fill' } },
      },
    },
  },
});

const messages = (params: Record<string, unknown>) => validateParams(def, params).map((i) => `${i.path}: ${i.message}`);

describe('validateParams', () => {
  it('accepts the defaults, and missing params count as their defaults', () => {
    expect(validateParams(def, {})).toEqual([]);
    expect(withDefaults(def.params, { seed: 7, junk: 1 })).toEqual({
      ratio: 0.8,
      seed: 7,
      shuffle: true,
      method: 'random',
      target: '',
      keep: [],
      markers: ['?'],
      apiKey: 'OPENAI_API_KEY',
      steps: [],
    });
  });

  it('says what was expected for each kind', () => {
    expect(messages({ ratio: '0,8', seed: -1, shuffle: 'yes', method: 'block', keep: 'a', markers: [1], apiKey: 'sk-abc123 real value' })).toEqual([
      'params.ratio: expected a number between 0 and 1, got "0,8"',
      'params.seed: expected a whole number of at least 0, got -1',
      'params.shuffle: expected true or false, got "yes"',
      'params.method: expected one of "random", "stratified", got "block"',
      'params.keep: expected a list of column names, got "a"',
      'params.markers: expected a list of texts, got a list of 1',
      'params.apiKey: expected the NAME of a secret (like OPENAI_API_KEY), not its value: secrets never live in the pipeline file',
    ]);
  });

  it('checks a required param only while showWhen makes it visible', () => {
    expect(messages({ method: 'random' })).toEqual([]);
    expect(messages({ method: 'stratified' })).toEqual(['params.target: Target column is required: choose a column']);
    expect(messages({ method: 'stratified', target: 'income' })).toEqual([]);
  });

  it('checks record rows field by field, with showWhen inside the row', () => {
    const issues = validateParams(
      def,
      { steps: [{ op: 'drop' }, { op: 'fill' }, { op: 'fill', value: '0', color: 'red' }, 3] },
      { path: 'nodes[2].params', nodeId: 'n' },
    );
    expect(issues.map((i) => `${i.severity} ${i.path}: ${i.message}`)).toEqual([
      'error nodes[2].params.steps[1].value: Fill value is required: choose a value',
      'warning nodes[2].params.steps[2].color: "color" is not a field of Steps and is ignored',
      'error nodes[2].params.steps[3]: expected an object with fields op, value, got 3',
    ]);
    expect(issues.every((i) => i.nodeId === 'n')).toBe(true);
  });
});
