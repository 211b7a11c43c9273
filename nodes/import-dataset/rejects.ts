/**
 * Turns DuckDB's rejects tables into the node's `rejects` output (one row per problem, with the
 * file line number) and the one-line summary users see in the log and the progress message.
 */
import { formatCount } from '../../engine/format-count.js';
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import type { ColumnInfo, TableValue } from '../../engine/values.js';
import { MAX_LINE_BYTES, type LongLine } from './file-scan.js';

/** Columns of the rejects output (one row per rejected line), the same for every format. */
const REJECTS_COLUMNS: readonly ColumnInfo[] = [
  { name: 'line', type: 'BIGINT' },
  { name: 'column', type: 'VARCHAR' },
  { name: 'problem', type: 'VARCHAR' },
  { name: 'message', type: 'VARCHAR' },
  { name: 'raw_line', type: 'VARCHAR' },
];

export interface RejectsSummary {
  /** Distinct file lines rejected. */
  lines: number;
  /** The first few line numbers, ascending. */
  firstLines: number[];
}

const SHOWN_LINES = 10;

/**
 * Creates the (possibly empty) rejects output table from DuckDB's reject_errors table, if any, plus
 * the over-long lines the file scan found that DuckDB dropped without a reject.
 */
export async function writeRejects(data: DataPlane, target: string, source?: string, longLines: readonly LongLine[] = []): Promise<RejectsSummary> {
  await data.run(`CREATE OR REPLACE TABLE ${ident(target)} (${REJECTS_COLUMNS.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
  if (source !== undefined && (await hasRows(data, source))) {
    // DuckDB files one error per missing column; users think in lines, so one row per line. Names
    // and problems are listed in the order of the first column each concerns: string_agg(DISTINCT)
    // had no order, and listed an unclosed quote's two problems either way round from run to run.
    await data.run(
      `INSERT INTO ${ident(target)}
       SELECT line,
              string_agg(column_name, ', ' ORDER BY column_at, column_name) FILTER (WHERE column_name IS NOT NULL AND column_first),
              string_agg(error_type, ', ' ORDER BY problem_at, error_type) FILTER (WHERE problem_first),
              first(error_message ORDER BY column_idx, error_type), first(trim(csv_line, chr(13) || chr(10)) ORDER BY column_idx, error_type)
       FROM (
         SELECT *,
                min(column_idx) OVER (PARTITION BY line, column_name) AS column_at,
                min(column_idx) OVER (PARTITION BY line, error_type) AS problem_at,
                row_number() OVER (PARTITION BY line, column_name ORDER BY column_idx, error_type) = 1 AS column_first,
                row_number() OVER (PARTITION BY line, error_type ORDER BY column_idx, column_name) = 1 AS problem_first
         FROM ${ident(source)}
       ) GROUP BY line ORDER BY line`,
    );
  }
  for (const l of longLines) {
    const message = `Line ${formatCount(l.line)} is ${formatCount(l.bytes)} bytes long, over the reader's limit of ${formatCount(MAX_LINE_BYTES)} bytes; its first ${l.head.length} characters are kept in raw_line.`;
    await data.run(
      `INSERT INTO ${ident(target)} SELECT ?, NULL, 'LINE SIZE OVER MAXIMUM', ?, ? WHERE NOT EXISTS (SELECT 1 FROM ${ident(target)} WHERE line = ?)`,
      [l.line, message, l.head, l.line],
    );
  }
  const [{ n }] = await data.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(target)}`);
  if (n === 0) return { lines: 0, firstLines: [] };
  const first = await data.all<{ line: number }>(`SELECT line FROM ${ident(target)} ORDER BY line LIMIT ${SHOWN_LINES}`);
  return { lines: n, firstLines: first.map((r) => r.line) };
}

/**
 * Whether DuckDB's errors table exists and holds a row. The grouping insert costs about 3 ms even
 * with nothing to group, on every clean file; a count is a tenth of that.
 */
async function hasRows(data: DataPlane, table: string): Promise<boolean> {
  if (!(await data.tableExists(table))) return false;
  const [{ n }] = await data.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
  return n > 0;
}

/** The rejects output as its node output, from what `writeRejects` counted: no statement to describe it. */
export function rejectsValue(table: string, rejects: RejectsSummary): TableValue {
  return { kind: 'table', table, rowCount: rejects.lines, columns: REJECTS_COLUMNS.map((c) => ({ ...c })) };
}

/** "32,561 rows read, 3 lines rejected (lines 5, 9, 12): see the rejects output" */
export function summaryMessage(rows: number, rejects: RejectsSummary): string {
  const read = `${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'} read`;
  if (rejects.lines === 0) return `${read}, no lines rejected`;
  const more = rejects.lines > rejects.firstLines.length ? ', ...' : '';
  const which = `${rejects.firstLines.length === 1 ? 'line' : 'lines'} ${rejects.firstLines.map(formatCount).join(', ')}${more}`;
  return `${read}, ${formatCount(rejects.lines)} ${rejects.lines === 1 ? 'line' : 'lines'} rejected (${which}): see the rejects output`;
}
