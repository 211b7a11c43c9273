/**
 * parseParams per param kind: the typed values a runner receives (defaults filled, whole-number
 * lists read to numbers, nothing else coerced), the issues by JSON path, and the def's rules.
 */
import { describe, expect, it } from 'vitest';
import { defineNode } from '../node-def.js';
import { parseParams } from './parse-params.js';

const def = defineNode({
  type: 'test.parse',
  typeVersion: 1,
  title: 'Parse',
  stage: 'prepare',
  icon: 'x',
  description: 'Every param kind, and one rule across two params.',
  inputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  outputs: [],
  params: {
    share: { kind: 'number', label: 'Share', default: 0.2, min: 0, max: 1 },
    other: { kind: 'number', label: 'Other share', default: 0, min: 0, max: 1 },
    seed: { kind: 'integer', label: 'Seed', default: 42, min: 0, showWhen: { shuffle: true } },
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
    note: { kind: 'text', label: 'Note', default: '' },
    path: { kind: 'file', label: 'File', default: 'a.csv', extensions: ['.csv'] },
    apiKey: { kind: 'secret', label: 'API key', default: '' },
    target: { kind: 'column', label: 'Target', port: 'table', default: '' },
    keep: { kind: 'columns', label: 'Keep', port: 'table', default: [] },
    markers: { kind: 'list', label: 'Markers', default: ['?'] },
    sizes: { kind: 'list', label: 'Sizes', default: ['64', '32'], integerItems: { min: 1, max: 4096 } },
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
  rules: [
    {
      params: ['share', 'other'],
      check: (p) => p.share + p.other < 1,
      message: (p) => `Share (${p.share}) and other share (${p.other}) must stay below 1 together`,
    },
  ],
});

const paths = (raw: unknown) => parseParams(def, raw, { path: 'nodes[0].params' }).issues.map((i) => `${i.severity} ${i.code} ${i.path}`);

describe('parseParams values', () => {
  it('fills every default, and reads an integerItems list to numbers', () => {
    const { values, issues } = parseParams(def, {});
    expect(issues).toEqual([]);
    expect(values).toEqual({
      share: 0.2,
      other: 0,
      seed: 42,
      shuffle: true,
      method: 'random',
      note: '',
      path: 'a.csv',
      apiKey: '',
      target: '',
      keep: [],
      markers: ['?'],
      sizes: [64, 32],
      steps: [],
    });
  });

  it('keeps given values of each kind as they are', () => {
    const raw = {
      share: 0.5,
      other: 0.25,
      seed: 7,
      shuffle: true,
      method: 'stratified',
      note: 'n',
      path: 'b.csv',
      apiKey: 'OPENAI_API_KEY',
      target: 'y',
      keep: ['a', 'b'],
      markers: ['NA', ''],
    };
    expect(parseParams(def, raw).values).toMatchObject(raw);
  });

  it('reads "64, 32" in one item, and numbers as items, to the same sizes as separate texts', () => {
    const a = parseParams(def, { sizes: ['64, 32', '16'] }).values?.sizes;
    const b = parseParams(def, { sizes: ['64', '32', '16'] }).values?.sizes;
    const c = parseParams(def, { sizes: [64, 32, 16] }).values?.sizes;
    expect([a, b, c]).toEqual([
      [64, 32, 16],
      [64, 32, 16],
      [64, 32, 16],
    ]);
  });

  it('fills record fields with their defaults', () => {
    expect(parseParams(def, { steps: [{ op: 'drop' }, { op: 'fill', value: '0' }] }).values?.steps).toEqual([
      { op: 'drop', value: '' },
      { op: 'fill', value: '0' },
    ]);
  });

  it('coerces nothing else: a number given as text is an error, not 0.3', () => {
    const parsed = parseParams(def, { share: '0.3', seed: '7' });
    expect(parsed.values).toBeUndefined();
    expect(parsed.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'params.share: expected a number between 0 and 1, got "0.3"',
      'params.seed: expected a whole number of at least 0, got "7"',
    ]);
    // A text "true" is not true: the seed it would show stays hidden, so only the toggle is reported.
    expect(parseParams(def, { shuffle: 'true' }).issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['params.shuffle: expected true or false, got "true"']);
  });

  it('gives a hidden param that is invalid its default, without an issue', () => {
    const parsed = parseParams(def, { shuffle: false, seed: 'x' });
    expect(parsed.issues).toEqual([]);
    expect(parsed.values?.seed).toBe(42);
  });

  it('parses its own values to the same values, with no issue', () => {
    const first = parseParams(def, { sizes: ['8, 4'], steps: [{ op: 'fill', value: '1' }], keep: ['a'] });
    const again = parseParams(def, first.values);
    expect(again).toEqual({ values: first.values, issues: [] });
  });
});

describe('parseParams issues', () => {
  it('names each bad value of each kind by its JSON path', () => {
    expect(
      paths({
        share: 2,
        seed: 1.5,
        method: 'block',
        note: 3,
        path: 'b.txt',
        apiKey: 'sk-abc 123',
        target: [],
        keep: 'a',
        markers: [1],
        sizes: ['64', 'abc', 0],
        steps: [{ op: 'fill' }, 3],
        junk: 1,
      }),
    ).toEqual([
      'warning UNKNOWN_PARAM nodes[0].params.junk',
      'error PARAM_INVALID nodes[0].params.share',
      'error PARAM_INVALID nodes[0].params.seed',
      'error PARAM_INVALID nodes[0].params.method',
      'error PARAM_INVALID nodes[0].params.note',
      'warning PARAM_INVALID nodes[0].params.path',
      'error PARAM_INVALID nodes[0].params.apiKey',
      'error PARAM_INVALID nodes[0].params.target',
      'error PARAM_INVALID nodes[0].params.keep',
      'error PARAM_INVALID nodes[0].params.markers',
      'error PARAM_INVALID nodes[0].params.sizes[1]',
      'error PARAM_INVALID nodes[0].params.sizes[2]',
      'error PARAM_INVALID nodes[0].params.steps[0].value',
      'error PARAM_INVALID nodes[0].params.steps[1]',
    ]);
  });

  it('a warning alone still gives values', () => {
    const parsed = parseParams(def, { path: 'b.txt' });
    expect(parsed.issues.map((i) => i.severity)).toEqual(['warning']);
    expect(parsed.values?.path).toBe('b.txt');
  });

  it('refuses params that are not an object', () => {
    expect(parseParams(def, [1]).issues.map((i) => i.code)).toEqual(['PARAMS_NOT_OBJECT']);
    expect(parseParams(def, null).values).toBeUndefined();
  });
});

describe('rules across params', () => {
  it('reports a broken rule on each param it names, with the values in the message', () => {
    const parsed = parseParams(def, { share: 0.6, other: 0.5 }, { path: 'nodes[2].params', nodeId: 's' });
    expect(parsed.values).toBeUndefined();
    expect(parsed.issues).toEqual(
      ['share', 'other'].map((name) => ({
        code: 'PARAM_RULE',
        path: `nodes[2].params.${name}`,
        message: 'Share (0.6) and other share (0.5) must stay below 1 together',
        severity: 'error',
        nodeId: 's',
      })),
    );
  });

  it('is not evaluated while a param it names is itself invalid', () => {
    expect(paths({ share: 'x', other: 0.99 })).toEqual(['error PARAM_INVALID nodes[0].params.share']);
  });

  it('passes values that keep it', () => {
    expect(parseParams(def, { share: 0.5, other: 0.49 }).issues).toEqual([]);
  });
});
