/**
 * Reads a Prompt node's output for Evaluate: which variants it holds (a `reply_<v>` beside a
 * `valid_<v>`), and per variant the reply, validity, latency, cost and tokens of every row.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import type { TableValue } from '../../engine/values.js';

export interface VariantRows {
  name: string;
  reply: (string | null)[];
  valid: boolean[];
  latencyMs: (number | null)[];
  cost: (number | null)[];
  tokensIn: (number | null)[];
  tokensOut: (number | null)[];
}

export interface PromptTable {
  expectedColumn: string;
  expected: (string | null)[];
  variants: VariantRows[];
}

/** The variant names of a Prompt output table, in column order; empty when it is not one. */
export function promptVariants(table: TableValue): string[] {
  const names = new Set(table.columns.map((c) => c.name));
  if ([...names].some((n) => n.startsWith('predicted_'))) return [];
  return [...names].filter((n) => n.startsWith('reply_') && names.has(`valid_${n.slice(6)}`)).map((n) => n.slice(6));
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function readPromptTable(data: DataPlane, table: TableValue, expectedColumn: string): Promise<PromptTable> {
  const variants = promptVariants(table);
  const has = (c: string) => table.columns.some((col) => col.name === c);
  if (!expectedColumn) {
    throw new Error(
      `this is a Prompt table (variants ${variants.join(', ')}); set "Expected column" to the column holding the right answers (columns: ${table.columns
        .map((c) => c.name)
        .join(', ')})`,
    );
  }
  if (!has(expectedColumn)) throw new Error(`"Expected column" names "${expectedColumn}", which the table does not have; pick one of its columns`);
  const optional = (prefix: string, v: string) => (has(`${prefix}_${v}`) ? ident(`${prefix}_${v}`) : 'NULL');
  const cols = variants.flatMap((v) => [
    `${ident(`reply_${v}`)}::VARCHAR`,
    ident(`valid_${v}`),
    optional('latency_ms', v),
    optional('cost', v),
    optional('tokens_in', v),
    optional('tokens_out', v),
  ]);
  const sql = `SELECT ${ident(expectedColumn)}::VARCHAR AS e, ${cols.map((c, i) => `${c} AS c${i}`).join(', ')} FROM ${ident(table.table)} ORDER BY rowid`;
  const rows = await data.all<Record<string, unknown>>(sql);
  return {
    expectedColumn,
    expected: rows.map((r) => (r.e === null ? null : String(r.e))),
    variants: variants.map((name, v) => {
      const at = (k: number) => rows.map((r) => r[`c${v * 6 + k}`]);
      return {
        name,
        reply: at(0).map((x) => (x === null ? null : String(x))),
        valid: at(1).map((x) => x === true),
        latencyMs: at(2).map(num),
        cost: at(3).map(num),
        tokensIn: at(4).map(num),
        tokensOut: at(5).map(num),
      };
    }),
  };
}
