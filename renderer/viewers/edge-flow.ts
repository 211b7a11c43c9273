/**
 * What flows through an edge, for the canvas's hover tooltip: the upstream port's latest summary
 * (row count and columns for a table).
 */
import type { ValueSummary } from '../../engine/values.js';
import { useRunStore } from '../run/use-run-store.js';

/** Columns listed by name in a tooltip before it says "and N more". */
const TOOLTIP_COLUMNS = 12;

/**
 * One or two lines describing a port value: "32,561 rows × 15 columns" then the column names.
 *
 * @example
 * edgeFlowText({ kind: 'table', text: '', rowCount: 3, columns: [{ name: 'a', type: 'BIGINT' }] });
 * // '3 rows × 1 column\na (BIGINT)'
 */
export function edgeFlowText(summary: ValueSummary | undefined): string {
  if (!summary) return 'Nothing has flowed here yet: run the pipeline.';
  if (summary.kind !== 'table' || summary.rowCount === undefined) return summary.text;
  const cols = summary.columns ?? [];
  const head = `${summary.rowCount.toLocaleString('en-US')} rows × ${cols.length} column${cols.length === 1 ? '' : 's'}`;
  const names = cols.slice(0, TOOLTIP_COLUMNS).map((c) => `${c.name} (${c.type})`);
  if (cols.length > TOOLTIP_COLUMNS) names.push(`and ${cols.length - TOOLTIP_COLUMNS} more`);
  return names.length ? `${head}\n${names.join(', ')}` : head;
}

/**
 * The latest summary of what flows through edge `edgeId` (undefined before a run).
 *
 * @example
 * const text = edgeFlowText(useEdgeFlow(edge.id));
 */
export function useEdgeFlow(edgeId: string): ValueSummary | undefined {
  return useRunStore((s) => {
    const edge = s.doc.edges.find((e) => e.id === edgeId);
    return edge ? s.run.nodes[edge.source.node]?.outputs?.[edge.source.port] : undefined;
  });
}
