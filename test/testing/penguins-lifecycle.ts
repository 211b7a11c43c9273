/**
 * The penguins lifecycle that several tests run: import -> split -> train (linear) -> score ->
 * evaluate -> validate goals -> package. One copy, so a change to a node's params or ports is made once.
 */

export interface PenguinsLifecycleOptions {
  /** The CSV as the pipeline names it (relative to the workspace, or absolute). */
  path: string;
  epochs: number;
  /** Fields of the one accuracy rule to replace (threshold, or a whole other metric). */
  rule?: Record<string, unknown>;
  pack?: Record<string, unknown>;
}

export function penguinsLifecycleNodes(o: PenguinsLifecycleOptions) {
  const rule = { metric: 'accuracy', metricName: '', scope: 'overall', className: '', comparison: 'at-least', threshold: 0.5, ...o.rule };
  return [
    { id: 'imp', type: 'import-dataset', params: { path: o.path } },
    { id: 'split', type: 'split', params: { testRatio: 0.2, seed: 42, stratify: 'species' } },
    { id: 'train', type: 'train', params: { target: 'species', model: 'linear', epochs: o.epochs, batchSize: 32, learningRate: 0.05 } },
    { id: 'score', type: 'score', params: {} },
    { id: 'eval', type: 'evaluate', params: {} },
    { id: 'goals', type: 'validate-goals', params: { rules: [rule] } },
    { id: 'pack', type: 'package-model', params: o.pack ?? { name: 'penguins' } },
  ];
}

/** `node:port` pairs, source first. */
export const PENGUINS_LIFECYCLE_EDGES: [string, string][] = [
  ['imp:table', 'split:input'],
  ['split:train', 'train:train'],
  ['train:model', 'score:model'],
  ['split:test', 'score:table'],
  ['score:table', 'eval:scored'],
  ['eval:metrics', 'goals:metrics'],
  ['train:model', 'goals:model'],
  ['train:model', 'pack:model'],
  ['goals:report', 'pack:report'],
  ['eval:metrics', 'pack:metrics'],
];
