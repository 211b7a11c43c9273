/** The reference statistics of a package, one line per column, for the Models panel. */
import type { ColumnReference, ReferenceStats } from '../../../engine/models/package/reference-stats.js';
import type { ModelVersionDetail, ReferenceColumnView } from '../../../engine/models/registry-views.js';

const num = (v: number | null) => (v === null ? '-' : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));

function summaryOf(c: ColumnReference): string {
  if (c.kind === 'numeric') return `min ${num(c.min)} · max ${num(c.max)}`;
  const top = c.categories[0];
  const count = `${c.categories.length}${c.otherCount ? '+' : ''} categories`;
  return top ? `${count}, top: ${top.value} (${top.count})` : count;
}

/** Per column: kind, missing share and a one-line summary; bins and counts stay in the package. */
export function referenceView(stats: ReferenceStats): NonNullable<ModelVersionDetail['reference']> {
  const columns: ReferenceColumnView[] = stats.columns.map((c) => ({
    name: c.name,
    type: c.type,
    kind: c.kind,
    missingShare: c.missingShare,
    summary: summaryOf(c),
  }));
  return { table: stats.table, rows: stats.rows, columns };
}
