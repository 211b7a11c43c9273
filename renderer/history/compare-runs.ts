/**
 * What differs between two runs: the params of nodes present in both, nodes only one run had, and
 * the headline metrics. Pure, so the comparison view only lays the answer out.
 */
import type { RunRecord } from '../../engine/engine-types.js';

export interface ParamDifference {
  nodeId: string;
  param: string;
  /** JSON text of each side's value; undefined when the param was not set on that side. */
  a?: string;
  b?: string;
}

export interface MetricDifference {
  key: string;
  a?: number;
  b?: number;
  /** b - a, when both sides have the metric. */
  delta?: number;
}

export interface RunComparison {
  sameDocument: boolean;
  params: ParamDifference[];
  onlyInA: string[];
  onlyInB: string[];
  /** Metrics that differ (or exist on one side only). */
  metrics: MetricDifference[];
  /** Metrics equal on both sides, listed so the view can say nothing else changed. */
  sameMetrics: string[];
}

/** JSON with sorted object keys, so `{a, b}` and `{b, a}` compare equal. */
function stableJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}

/**
 * @example
 * const diff = compareRuns(olderRecord, newerRecord);
 * diff.params; // [{ nodeId: 'split', param: 'ratio', a: '0.8', b: '0.7' }]
 */
export function compareRuns(a: RunRecord, b: RunRecord): RunComparison {
  const nodesA = new Map(a.document.nodes.map((n) => [n.id, n]));
  const nodesB = new Map(b.document.nodes.map((n) => [n.id, n]));
  const params: ParamDifference[] = [];
  for (const [id, na] of nodesA) {
    const nb = nodesB.get(id);
    if (!nb) continue;
    if (na.type !== nb.type || na.typeVersion !== nb.typeVersion) {
      params.push({ nodeId: id, param: '(node type)', a: `${na.type}@${na.typeVersion}`, b: `${nb.type}@${nb.typeVersion}` });
    }
    const names = [...new Set([...Object.keys(na.params), ...Object.keys(nb.params)])].sort();
    for (const param of names) {
      const va = stableJson(na.params[param]);
      const vb = stableJson(nb.params[param]);
      if (va !== vb) params.push({ nodeId: id, param, a: va, b: vb });
    }
  }
  const metrics: MetricDifference[] = [];
  const sameMetrics: string[] = [];
  for (const key of [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].sort()) {
    const ma = a.metrics[key];
    const mb = b.metrics[key];
    if (ma === mb) sameMetrics.push(key);
    else metrics.push({ key, a: ma, b: mb, delta: ma !== undefined && mb !== undefined ? mb - ma : undefined });
  }
  return {
    sameDocument: a.documentHash === b.documentHash,
    params,
    onlyInA: [...nodesA.keys()].filter((id) => !nodesB.has(id)),
    onlyInB: [...nodesB.keys()].filter((id) => !nodesA.has(id)),
    metrics,
    sameMetrics,
  };
}
