/**
 * Validation and running read params the same way (one `parseParams`): for each set of bad params,
 * `validate`, the engine's refusal of the run, and the node's runner called directly report the same
 * issues at the same JSON paths, and no node starts. Good params validate clean and run.
 */
import { join, resolve } from 'node:path';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine/engine.js';
import type { EngineError } from '../engine/errors.js';
import type { EngineEvent } from '../engine/events.js';
import type { ValidationIssue } from '../engine/engine-types.js';
import { ParamsInvalidError } from '../engine/node-run.js';
import { createTestContext } from '../engine/testing/fake-context.js';
import { nodeCatalog } from '../nodes/index.js';
import { pipeline, tempDir } from './testing/cli-harness.js';

const SAMPLES = resolve(import.meta.dirname, '../pipelines-samples');
let dir: string;
let engine: Engine;
beforeAll(async () => {
  dir = tempDir('ls-params-agree-');
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: join(dir, 'ws') });
});
afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

function doc(split: Record<string, unknown>, train?: Record<string, unknown>) {
  const nodes = [
    { id: 'imp', type: 'import-dataset', params: { path: 'data/iris.csv' } },
    { id: 'split', type: 'split', params: split },
  ];
  if (!train) return pipeline(nodes, [['imp:table', 'split:input']]);
  return pipeline(
    [...nodes, { id: 'train', type: 'train', params: { target: 'species', epochs: 2, ...train } }],
    [
      ['imp:table', 'split:input'],
      ['split:train', 'train:train'],
    ],
  );
}

/** `code path` of each error, the path from the node's params on (`params.testRatio`). */
const shown = (issues: readonly ValidationIssue[]) =>
  issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path.replace(/^nodes\[\d+\]\./, '')}`);

const runOptions = (events: EngineEvent[]) => ({
  documentPath: join(SAMPLES, 'agree.pipeline.json'),
  allowedRoots: [SAMPLES, dir],
  onEvent: (e: EngineEvent) => events.push(e),
});

// Expected by hand from the defs: split's shares are 0.01-0.99 and 0-0.98 and must stay below 1
// together, its seed is a whole number; train's hidden layer sizes are whole numbers 1-4096.
const BAD: [string, Record<string, unknown>, Record<string, unknown> | undefined, string, string[]][] = [
  [
    'shares adding up to 1.1',
    { testRatio: 0.6, validationRatio: 0.5 },
    undefined,
    'split',
    ['PARAM_RULE params.testRatio', 'PARAM_RULE params.validationRatio'],
  ],
  [
    'shares adding up to exactly 1',
    { testRatio: 0.5, validationRatio: 0.5 },
    undefined,
    'split',
    ['PARAM_RULE params.testRatio', 'PARAM_RULE params.validationRatio'],
  ],
  ['a share written with a decimal comma', { testRatio: '0,3' }, undefined, 'split', ['PARAM_INVALID params.testRatio']],
  ['a seed that is not whole', { seed: 1.5 }, undefined, 'split', ['PARAM_INVALID params.seed']],
  ['a hidden layer size that is not a number', {}, { hiddenLayers: ['64', 'abc'] }, 'train', ['PARAM_INVALID params.hiddenLayers[1]']],
  ['hidden layer sizes 0 and 5000', {}, { hiddenLayers: ['0, 5000'] }, 'train', ['PARAM_INVALID params.hiddenLayers[0]']],
];

describe('validate and run agree on bad params', () => {
  it.each(BAD)('%s', async (_name, split, train, nodeId, expected) => {
    const validated = await engine.validate(doc(split, train));
    expect(shown(validated.issues)).toEqual(expected);

    const events: EngineEvent[] = [];
    const refused = (await engine.run(validated.document!, runOptions(events)).catch((e: unknown) => e)) as EngineError;
    expect(refused.code).toBe('DOCUMENT_INVALID');
    expect(shown(refused.details as ValidationIssue[])).toEqual(expected);
    expect(events.filter((e) => e.type === 'node-started')).toEqual([]);

    // The runner itself, handed the same params, refuses them with the same issues before any work.
    const impl = nodeCatalog.find((n) => n.def.type === nodeId)!;
    const ctx = await createTestContext();
    try {
      const params = validated.document!.nodes.find((n) => n.id === nodeId)!.params;
      const error = await impl.run(ctx, {}, params).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParamsInvalidError);
      expect(shown((error as ParamsInvalidError).issues)).toEqual(expected);
    } finally {
      await ctx.data.close();
    }
  });

  it('shares that stay below 1 validate clean and run, cut as counted by hand', async () => {
    const validated = await engine.validate(doc({ testRatio: 0.5, validationRatio: 0.4, shuffle: false }));
    expect(shown(validated.issues)).toEqual([]);
    const record = await engine.run(validated.document!, runOptions([]));
    expect(record.status).toBe('succeeded');
    // iris.csv: 150 data rows (wc -l 151 minus the header): 75 test, 60 validation, 15 train.
    const outputs = record.nodes.split.outputs as Record<string, { rowCount: number }>;
    expect([outputs.train.rowCount, outputs.test.rowCount, outputs.validation.rowCount]).toEqual([15, 75, 60]);
  });
});
