/**
 * The profile a dataset version keeps: per column its type, missing share, distinct count,
 * mean/min/max for numbers and the top values of text, taken from the data viewer's own column
 * profile (data/profile.ts) so the two never disagree; label sets are summarised from their file.
 */
import { readFile } from 'node:fs/promises';
import type { DataPlane } from '../data/data-plane.js';
import { profileTable } from '../data/profile.js';
import type { ColumnProfile } from '../engine-types.js';
import type { DatasetColumn } from './dataset-types.js';

/** Top values kept per text column: enough to see a shift, small enough for a list of versions. */
const TOP_KEPT = 5;

function summarise(c: ColumnProfile, rows: number): DatasetColumn {
  const out: DatasetColumn = { name: c.name, type: c.type, missingShare: rows > 0 ? c.missing / rows : 0, distinct: c.distinct };
  if (c.mean !== undefined) Object.assign(out, { mean: c.mean ?? null, min: c.min ?? null, max: c.max ?? null });
  else if (c.min !== undefined) Object.assign(out, { min: c.min ?? null, max: c.max ?? null });
  if (c.topValues) out.topValues = c.topValues.slice(0, TOP_KEPT);
  return out;
}

/** The summary of a table in the workspace database. */
export async function profileDatasetTable(data: DataPlane, table: string): Promise<{ rows: number; columns: DatasetColumn[] }> {
  const profile = await profileTable(data, table);
  return { rows: profile.rowCount, columns: profile.columns.map((c) => summarise(c, profile.rowCount)) };
}

/** A label set (`labels/<set>.json`) as a table of rows (key, label): one row per labelled row. */
export async function profileLabelSet(path: string): Promise<{ rows: number; columns: DatasetColumn[] }> {
  const set = JSON.parse(await readFile(path, 'utf8')) as { labels?: Record<string, string> };
  const labels = Object.values(set.labels ?? {});
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_KEPT);
  return {
    rows: labels.length,
    columns: [
      { name: 'key', type: 'VARCHAR', missingShare: 0, distinct: labels.length },
      { name: 'label', type: 'VARCHAR', missingShare: 0, distinct: counts.size, topValues: top.map(([value, count]) => ({ value, count })) },
    ],
  };
}
