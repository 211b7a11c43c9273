/**
 * Short summaries of port values for events, edge tooltips and run records, and the gathering of
 * headline metrics into a run's `<nodeId>.<metric>` table.
 */
import { formatCount } from './format-count.js';
import type { NodeRunRecord } from './engine-types.js';
import type { PortValue, ValueSummary } from './values.js';

/** One value in a line: "32,561 rows x 15 columns", "accuracy 0.854, f1_macro 0.78". */
export function summarizeValue(value: PortValue): ValueSummary {
  switch (value.kind) {
    case 'table':
      return {
        kind: 'table',
        text: `${formatCount(value.rowCount)} rows x ${value.columns.length} columns`,
        rowCount: value.rowCount,
        columns: value.columns,
        table: value.table,
      };
    case 'model':
      return { kind: 'model', text: [value.format, value.task, 'model', value.target ? `for ${value.target}` : ''].filter(Boolean).join(' ') };
    case 'metrics': {
      const shown = Object.entries(value.metrics)
        .slice(0, 3)
        .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(3)}`);
      return { kind: 'metrics', text: shown.join(', ') || 'no metrics', metrics: value.metrics };
    }
    case 'report':
      return {
        kind: 'report',
        text: value.gate ? `${value.title}: gate ${value.gate.passed ? 'passed' : 'failed'}` : value.title,
      };
    case 'endpoint':
      return { kind: 'endpoint', text: value.url };
  }
}

export function summarizeOutputs(outputs: Record<string, PortValue>): Record<string, ValueSummary> {
  return Object.fromEntries(Object.entries(outputs).map(([port, v]) => [port, summarizeValue(v)]));
}

/** Every metrics output's headline figures keyed `<nodeId>.<metric>`, in node order. */
export function gatherMetrics(nodes: Record<string, NodeRunRecord>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [nodeId, record] of Object.entries(nodes)) {
    for (const value of Object.values(record.outputs ?? {})) {
      if (value.kind !== 'metrics') continue;
      for (const [name, figure] of Object.entries(value.metrics)) out[`${nodeId}.${name}`] = figure;
    }
  }
  return out;
}
