/**
 * Which table columns feed which model input, checked against the signature before any row is
 * scored: a matrix input [batch, k] takes an ordered list of k columns (the model's `feature_order`
 * when the user gave none); an input of one value per row takes the column of the same name, with
 * `-`/`_` and case ignored. Every mismatch is collected into one plain-words error.
 */
import type { ColumnInfo } from '../../values.js';
import { tensorTypeText, type OnnxElemType, type OnnxSignature, type OnnxTensorInfo } from './signature-types.js';

export interface MappedInput {
  input: string;
  elemType: OnnxElemType;
  /** Columns in the order the model takes them; one for a one-value input. */
  columns: string[];
  /** Dimensions after the batch one, as the tensor is built ([4], [1] or [] for a rank-1 input). */
  inner: number[];
}

/** A column-mapping row as the node's `mapping` param holds it. */
export interface MappingRow {
  input: string;
  columns: string[];
}

export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'MappingError';
  }
}

/** "education-num", "Education_Num" and "education_num" match each other. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

/** A metadata list: a JSON array of texts, or comma-separated text ("Adelie,Chinstrap,Gentoo"). */
export function metadataList(value: string | undefined): string[] | undefined {
  if (!value?.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string' || typeof v === 'number')) return parsed.map(String);
  } catch {
    // not JSON: the comma-separated form
  }
  return value.split(',').map((s) => s.trim());
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;

/** How a message names a DuckDB column type ("column sex is text"). */
function kindWord(duckType: string): string {
  if (duckType === 'VARCHAR') return 'text';
  if (duckType === 'BOOLEAN') return 'boolean';
  if (NUMERIC.test(duckType)) return 'numeric';
  return duckType.toLowerCase();
}

/** Whether a column of this DuckDB type converts to the element type without guessing. */
export function convertible(duckType: string, elem: OnnxElemType): boolean {
  if (elem === 'string') return true;
  if (elem === 'bool') return duckType === 'BOOLEAN' || INTEGER.test(duckType);
  if (elem === 'float32' || elem === 'float64' || elem === 'float16') return NUMERIC.test(duckType) || duckType === 'BOOLEAN';
  if (/^u?int/.test(elem)) return NUMERIC.test(duckType) || duckType === 'BOOLEAN';
  return false;
}

/** Width of one row of an input, from its shape: [batch, 4] -> 4, [batch, 1] and [batch] -> 1, [batch, k] dynamic -> undefined. */
function rowWidth(info: OnnxTensorInfo): { width?: number; inner: (number | undefined)[] } {
  const rest = (info.shape ?? ['batch', null]).slice(1).map((d) => (typeof d === 'number' ? d : undefined));
  if (rest.length === 0) return { width: 1, inner: [] };
  const width = rest.every((d) => d !== undefined) ? rest.reduce((a, b) => a * b, 1) : undefined;
  return { width, inner: rest };
}

function columnsFor(info: OnnxTensorInfo, width: number | undefined, rows: MappingRow[], sig: OnnxSignature, byNorm: Map<string, string>): string[] | string {
  const given = rows.find((r) => r.input === info.name);
  if (given && given.columns.length) return given.columns;
  const order = sig.inputs.length === 1 || width !== 1 ? metadataList(sig.metadata.feature_order) : undefined;
  if (order) return order.map((name) => byNorm.get(normaliseName(name)) ?? name);
  if (width === 1) {
    const match = byNorm.get(normaliseName(info.name));
    return match ? [match] : `input ${info.name} has no column of that name in the table; map one to it in "Column mapping"`;
  }
  return `input ${info.name} takes ${width ?? 'several'} columns per row and the model has no feature_order; list them in order in "Column mapping"`;
}

/**
 * @example
 * resolveMapping(signature, table.columns, []) // [{ input: 'features', columns: ['bill_length_mm', ...], inner: [4], elemType: 'float32' }]
 */
export function resolveMapping(sig: OnnxSignature, columns: readonly ColumnInfo[], rows: readonly MappingRow[]): MappedInput[] {
  const problems: string[] = [];
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const byNorm = new Map<string, string>();
  for (const c of columns) if (!byNorm.has(normaliseName(c.name))) byNorm.set(normaliseName(c.name), c.name);
  for (const r of rows) {
    if (!sig.inputs.some((i) => i.name === r.input))
      problems.push(`"Column mapping" names input ${r.input}, which the model does not have (its inputs: ${sig.inputs.map((i) => i.name).join(', ')})`);
  }
  const mapped: MappedInput[] = [];
  for (const info of sig.inputs) {
    const { width, inner } = rowWidth(info);
    const found = columnsFor(info, width, [...rows], sig, byNorm);
    if (typeof found === 'string') {
      problems.push(found);
      continue;
    }
    const present = found.filter((c) => types.has(c));
    const absent = found.filter((c) => !types.has(c));
    if (width !== undefined && present.length !== width) {
      const order = metadataList(sig.metadata.feature_order) ?? [];
      const missing = absent.length ? absent : order.filter((o) => !present.some((p) => normaliseName(p) === normaliseName(o)));
      problems.push(
        `the model expects ${tensorTypeText(info)}; ${present.length} column${present.length === 1 ? ' is' : 's are'} mapped` +
          (missing.length ? `; missing: ${missing.join(', ')}` : `; input ${info.name} takes ${width}`),
      );
    } else if (absent.length) problems.push(`input ${info.name}: no column ${absent.join(', ')} in the table`);
    for (const c of present) {
      const t = types.get(c)!;
      if (!convertible(t, info.elemType)) problems.push(`column ${c} is ${kindWord(t)}; input ${info.name} expects ${info.elemType}`);
    }
    const dims = width === undefined ? inner.map((d) => d ?? present.length) : (inner as number[]);
    mapped.push({ input: info.name, elemType: info.elemType, columns: present, inner: dims });
  }
  if (problems.length) throw new MappingError(problems);
  return mapped;
}
