/**
 * The read used when DuckDB's sniffer misjudges the layout (see sample-dialect.ts): the layout
 * comes from the sample, every column is read as text with sniffing off (so broken lines still
 * land in the rejects table), then each column gets the narrowest type all its values fit.
 */
import { ident, literal, type DataPlane } from '../../engine/data/data-plane.js';
import type { CsvReadOptions } from './read-sql.js';
import { bufferOptions, nullStrings } from './read-sql.js';
import type { SampleDialect } from './sample-dialect.js';

/** Tried in order; the first type every non-missing value casts to wins. */
const CANDIDATE_TYPES = ['BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP'] as const;

/** A value that is non-NULL exactly when `v` fits type `t` without loss. */
function castCheck(v: string, t: (typeof CANDIDATE_TYPES)[number]): string {
  // TRY_CAST('22.5' AS BIGINT) rounds instead of failing, so whole numbers must also look whole.
  return t === 'BIGINT' ? `CASE WHEN regexp_full_match(${v}, '[-+]?[0-9]+') THEN TRY_CAST(${v} AS BIGINT) END` : `TRY_CAST(${v} AS ${t})`;
}

/** DuckDB's names for header-less columns (column0.., zero-padded to the widest index). */
export function defaultColumnNames(count: number): string[] {
  const width = String(count - 1).length;
  return Array.from({ length: count }, (_, i) => `column${String(i).padStart(width, '0')}`);
}

function headerNames(first: string[], count: number): string[] {
  const seen = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const base = first[i]?.trim() || `column${i}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/**
 * Reads `abs` into `table` with the sample's layout. Returns the file's column names.
 * `typesFor` maps overrides to those names and forces their types; values that do not fit become missing and are
 * counted in the returned `unfit` map so the caller can report them.
 */
export async function readCsvFallback(
  data: DataPlane,
  abs: string,
  o: CsvReadOptions,
  d: SampleDialect,
  header: boolean,
  table: string,
  typesFor?: (fileNames: string[]) => Record<string, string>,
): Promise<{ names: string[]; unfit: Record<string, number> }> {
  const names = header ? headerNames(d.firstRow, d.fieldCount) : defaultColumnNames(d.fieldCount);
  const types = typesFor ? typesFor(names) : {};
  const raw = `${table}__raw`;
  const opts = [
    literal(abs),
    'auto_detect = false',
    `delim = ${literal(d.delimiter)}`,
    `quote = ${literal(d.quote)}`,
    `escape = ${literal(d.quote)}`,
    `header = ${header}`,
    `columns = {${names.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ')}}`,
    `compression = ${o.gzip ? "'gzip'" : "'none'"}`,
    ...bufferOptions(),
    `encoding = ${literal(o.encoding)}`,
    `nullstr = [${nullStrings(o.missingMarkers, o.trimSpaces).map(literal).join(', ')}]`,
    'store_rejects = true',
    `rejects_table = ${literal(o.rejectsTable)}`,
    `rejects_scan = ${literal(o.rejectsScan)}`,
  ];
  await data.run(`CREATE OR REPLACE TABLE ${ident(raw)} AS SELECT * FROM read_csv(${opts.join(', ')})`);
  try {
    const value = (n: string) => (o.trimSpaces ? `trim(${ident(n)})` : ident(n));
    const checks = names.flatMap((n, i) => [
      `count(${ident(n)}) AS "n${i}"`,
      ...CANDIDATE_TYPES.map((t, j) => `count(${castCheck(value(n), t)}) AS "c${i}_${j}"`),
      ...(types[n] ? [`count(TRY_CAST(${value(n)} AS ${types[n]})) AS "f${i}"`] : []),
    ]);
    const [counts] = await data.all<Record<string, number>>(`SELECT ${checks.join(', ')} FROM ${ident(raw)}`);
    const unfit: Record<string, number> = {};
    const select = names.map((n, i) => {
      const forced = types[n];
      if (forced) {
        const lost = counts[`n${i}`] - counts[`f${i}`];
        if (lost > 0) unfit[n] = lost;
        return `TRY_CAST(${value(n)} AS ${forced}) AS ${ident(n)}`;
      }
      const j = counts[`n${i}`] > 0 ? CANDIDATE_TYPES.findIndex((_, k) => counts[`c${i}_${k}`] === counts[`n${i}`]) : -1;
      return j < 0 ? `${ident(n)}` : `CAST(${value(n)} AS ${CANDIDATE_TYPES[j]}) AS ${ident(n)}`;
    });
    await data.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select.join(', ')} FROM ${ident(raw)}`);
    return { names, unfit };
  } finally {
    await data.dropTable(raw);
  }
}
