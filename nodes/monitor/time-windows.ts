/**
 * Drift per time window over a prediction log: the window is cut into equal spans of time and each
 * span's rows are compared with the reference, column by column, with the same tests.
 */
import { ident, literal, type DataPlane } from '../../engine/data/data-plane.js';
import { compareProfiles, type ColumnProfile, type CompareOptions } from '../../engine/monitor/compare.js';
import { tableProfiles } from '../../engine/monitor/profiles.js';

export interface WindowDrift {
  start: string;
  end: string;
  rows: number;
  column: string;
  method: string | null;
  score: number | null;
  drifted: boolean;
}

/** Equal spans between the first and the last time (ISO texts sort as times: the server writes UTC `toISOString`). */
export function timeSpans(first: string, last: string, count: number): [string, string][] {
  const a = Date.parse(first);
  const b = Date.parse(last);
  const n = a === b ? 1 : count;
  const width = (b - a) / n;
  return Array.from({ length: n }, (_, i) => [new Date(a + i * width).toISOString(), i === n - 1 ? last : new Date(a + (i + 1) * width).toISOString()]);
}

/**
 * @example
 * const rows = await windowDrift(ctx.data, currentTable, reference, columns, 6, options);
 */
export async function windowDrift(
  data: DataPlane,
  table: string,
  reference: readonly ColumnProfile[],
  columns: readonly string[],
  count: number,
  options: CompareOptions,
  signal?: AbortSignal,
): Promise<WindowDrift[]> {
  const [span] = await data.all<{ first: string | null; last: string | null }>(`SELECT min(time) AS first, max(time) AS last FROM ${ident(table)}`);
  if (!span.first || !span.last) return [];
  const out: WindowDrift[] = [];
  const spans = timeSpans(span.first, span.last, count);
  for (const [i, [start, end]] of spans.entries()) {
    const closing = i === spans.length - 1 ? '<=' : '<';
    const where = `time >= ${literal(start)} AND time ${closing} ${literal(end)}`;
    const current = await tableProfiles(data, table, { columns, where, signal });
    if (!current[0]?.rows) continue;
    const summary = compareProfiles(reference, current, options);
    for (const c of summary.columns) {
      out.push({ start, end, rows: current[0].rows, column: c.column, method: c.method, score: c.score, drifted: c.drifted });
    }
  }
  return out;
}
