/**
 * Turns DuckDB's rejects tables into the node's `rejects` output (one row per problem, with the
 * file line number) and the one-line summary users see in the log and the progress message.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { MAX_LINE_BYTES, type LongLine } from './file-scan.js';

/** Columns of the rejects output (one row per rejected line), the same for every format. */
const REJECTS_COLUMNS = 'line BIGINT, "column" VARCHAR, problem VARCHAR, message VARCHAR, raw_line VARCHAR';

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
  await data.run(`CREATE OR REPLACE TABLE ${ident(target)} (${REJECTS_COLUMNS})`);
  if (source !== undefined && (await data.tableExists(source))) {
    // DuckDB files one error per missing column; users think in lines, so one row per line.
    await data.run(
      `INSERT INTO ${ident(target)}
       SELECT line, string_agg(DISTINCT column_name, ', '), string_agg(DISTINCT error_type, ', '),
              first(error_message ORDER BY column_idx), first(trim(csv_line, chr(13) || chr(10)))
       FROM ${ident(source)} GROUP BY line ORDER BY line`,
    );
  }
  for (const l of longLines) {
    const message = `Line ${l.line.toLocaleString('en-US')} is ${l.bytes.toLocaleString('en-US')} bytes long, over the reader's limit of ${MAX_LINE_BYTES.toLocaleString('en-US')} bytes; its first ${l.head.length} characters are kept in raw_line.`;
    await data.run(
      `INSERT INTO ${ident(target)} SELECT ?, NULL, 'LINE SIZE OVER MAXIMUM', ?, ? WHERE NOT EXISTS (SELECT 1 FROM ${ident(target)} WHERE line = ?)`,
      [l.line, message, l.head, l.line],
    );
  }
  const [{ n }] = await data.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(target)}`);
  const first = await data.all<{ line: number }>(`SELECT line FROM ${ident(target)} ORDER BY line LIMIT ${SHOWN_LINES}`);
  return { lines: n, firstLines: first.map((r) => r.line) };
}

/** "32,561 rows read, 3 lines rejected (lines 5, 9, 12): see the rejects output" */
export function summaryMessage(rows: number, rejects: RejectsSummary): string {
  const read = `${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'} read`;
  if (rejects.lines === 0) return `${read}, no lines rejected`;
  const more = rejects.lines > rejects.firstLines.length ? ', ...' : '';
  const which = `${rejects.firstLines.length === 1 ? 'line' : 'lines'} ${rejects.firstLines.map((l) => l.toLocaleString('en-US')).join(', ')}${more}`;
  return `${read}, ${rejects.lines.toLocaleString('en-US')} ${rejects.lines === 1 ? 'line' : 'lines'} rejected (${which}): see the rejects output`;
}
