import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../engine/engine-types.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { compareRuns } from './compare-runs.js';

function record(runId: string, hash: string, nodes: PipelineDocument['nodes'], metrics: Record<string, number>): RunRecord {
  const document: PipelineDocument = { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'p', name: 'p', nodes, edges: [] };
  return { runId, status: 'succeeded', startedAt: 0, durationMs: 1, document, documentHash: hash, target: { mode: 'all' }, nodes: {}, metrics, versions: {} };
}
const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });

describe('compareRuns', () => {
  it('lists the params and metrics that differ, and nodes only one run had', () => {
    const a = record(
      'r1',
      'h1',
      [node('imp', 'import-csv', { path: 'a.csv', columns: ['x', 'y'] }), node('split', 'split', { ratio: 0.8, seed: 1 }), node('old', 'clean', {})],
      {
        'eval.accuracy': 0.85,
        'eval.f1_macro': 0.77,
        'eval.rows': 6513,
      },
    );
    const b = record(
      'r2',
      'h2',
      [
        node('imp', 'import-csv', { columns: ['x', 'y'], path: 'a.csv' }),
        node('split', 'split', { ratio: 0.7, seed: 1, stratify: 'income' }),
        node('new', 'clean', {}),
      ],
      {
        'eval.accuracy': 0.84,
        'eval.f1_macro': 0.77,
        'eval.auc': 0.9,
      },
    );
    const diff = compareRuns(a, b);
    expect(diff.sameDocument).toBe(false);
    expect(diff.params).toEqual([
      { nodeId: 'split', param: 'ratio', a: '0.8', b: '0.7' },
      { nodeId: 'split', param: 'stratify', a: undefined, b: '"income"' },
    ]);
    expect(diff.onlyInA).toEqual(['old']);
    expect(diff.onlyInB).toEqual(['new']);
    expect(diff.metrics.map((m) => m.key)).toEqual(['eval.accuracy', 'eval.auc', 'eval.rows']);
    expect(diff.metrics[0].delta).toBeCloseTo(-0.01, 10);
    expect(diff.metrics[1]).toEqual({ key: 'eval.auc', a: undefined, b: 0.9, delta: undefined });
    expect(diff.sameMetrics).toEqual(['eval.f1_macro']);
  });

  it('reports no differences for two runs of the same document', () => {
    const nodes = [node('imp', 'import-csv', { path: 'a.csv' })];
    const diff = compareRuns(record('r1', 'h', nodes, { m: 1 }), record('r2', 'h', nodes, { m: 1 }));
    expect(diff.sameDocument).toBe(true);
    expect(diff.params).toEqual([]);
    expect(diff.metrics).toEqual([]);
  });
});
