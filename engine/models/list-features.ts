/**
 * Fixed-length numeric list columns as features (an Embed node's DOUBLE[] vectors): each element
 * becomes one numeric feature `<column>[<i>]`, read in SQL as `column[i]`. Every non-NULL list
 * must have the training length; a NULL list is missing (median-imputed like any number).
 */
import { ident, type DataPlane } from '../data/data-plane.js';
import type { ColumnInfo } from '../values.js';
import { featureKindOf, type FeatureSpec } from './preprocessing.js';

const NUMERIC_LIST = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)\[\d*\]$/i;

export function isNumericList(duckdbType: string): boolean {
  return NUMERIC_LIST.test(duckdbType.trim());
}

/** The column a feature is read from: the list column for an element feature, else its own name. */
export function sourceColumn(f: Pick<FeatureSpec, 'name' | 'element'>): string {
  return f.element?.column ?? f.name;
}

async function lengths(data: DataPlane, table: string, column: string, where: string) {
  const col = ident(column);
  const [s] = await data.all<{ lo: number | null; hi: number | null }>(
    `SELECT min(len(${col}))::INTEGER AS lo, max(len(${col}))::INTEGER AS hi FROM ${ident(table)} ${where}`,
  );
  return s;
}

/** One spec per column; a numeric list column becomes one numeric spec per element. */
export async function featureSpecsOf(data: DataPlane, table: string, features: ColumnInfo[], where: string): Promise<FeatureSpec[]> {
  const specs: FeatureSpec[] = [];
  for (const c of features) {
    if (!isNumericList(c.type)) {
      if (/\[\d*\]$|^(STRUCT|MAP)/i.test(c.type))
        throw new Error(`the feature column "${c.name}" is ${c.type}; only numeric lists (DOUBLE[], FLOAT[]) can be features — drop it or convert it upstream`);
      specs.push({ name: c.name, sourceType: c.type, kind: featureKindOf(c.type) });
      continue;
    }
    const { lo, hi } = await lengths(data, table, c.name, where);
    if (lo === null || hi === null) throw new Error(`the list column "${c.name}" is NULL in every training row; it has no values to learn from`);
    if (lo !== hi)
      throw new Error(
        `the list column "${c.name}" has lists of different lengths (${lo} to ${hi}) in table "${table}"; a feature list must have one length — re-embed with one model, or drop the odd rows`,
      );
    for (let i = 1; i <= lo; i++) specs.push({ name: `${c.name}[${i}]`, sourceType: 'DOUBLE', kind: 'numeric', element: { column: c.name, index: i } });
  }
  return specs;
}

/** Before scoring: every non-NULL list of an element feature has the length the model was trained on. */
export async function assertListLengths(data: DataPlane, table: string, features: readonly FeatureSpec[]): Promise<void> {
  const widths = new Map<string, number>();
  for (const f of features) if (f.element) widths.set(f.element.column, Math.max(widths.get(f.element.column) ?? 0, f.element.index));
  for (const [column, width] of widths) {
    const col = ident(column);
    const [{ n, lo, hi }] = await data.all<{ n: number; lo: number | null; hi: number | null }>(
      `SELECT count(*)::INTEGER AS n, min(len(${col}))::INTEGER AS lo, max(len(${col}))::INTEGER AS hi FROM ${ident(table)} WHERE ${col} IS NOT NULL AND len(${col}) <> ${width}`,
    );
    if (n > 0)
      throw new Error(
        `the list column "${column}" of table "${table}" has ${n} row(s) with ${lo === hi ? lo : `${lo} to ${hi}`} elements; the model was trained on lists of ${width} — embed with the same model as the training table`,
      );
  }
}
