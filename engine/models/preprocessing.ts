/**
 * The fitted encoding: every feature step Train fits itself (median imputation, standard scaling,
 * one-hot vocabularies, the target's labels or scale), saved as the `encoding` of the model's one
 * recipe (`model-recipe.ts`) so training, scoring and serving apply exactly the same transformation.
 * Fitting happens on the training table only (see `fit-preprocessing.ts`); this module holds the
 * encoding and the encoder, which works on typed arrays (the training fast path), not SQL.
 */

/** How a source column becomes numbers. */
export type FeatureKind = 'numeric' | 'boolean' | 'date' | 'timestamp' | 'categorical';

export interface FeatureSpec {
  name: string;
  /** DuckDB type the column had at training time. */
  sourceType: string;
  kind: FeatureKind;
  /** Numeric kinds: the training median, used for missing values. */
  median?: number;
  /** Categorical: the one-hot vocabulary; other values (and missing) encode as all zeros. */
  categories?: string[];
  /** Categorical: how many rarer training categories were left out of the vocabulary. */
  droppedCategories?: number;
  /** One element (1-based) of a fixed-length numeric list column; `name` is then `<column>[<index>]` (list-features.ts). */
  element?: { column: string; index: number };
}

export interface TargetSpec {
  name: string;
  sourceType: string;
  task: 'classification' | 'regression';
  /** Classification: class labels in output order. */
  labels?: string[];
  /** Regression: the network learns (y - mean) / std; predictions are mapped back. */
  mean?: number;
  std?: number;
}

/** The encoding part of a model's recipe (`ModelRecipe.encoding`). */
export interface FittedEncoding {
  features: FeatureSpec[];
  target: TargetSpec;
  /** Names of the encoded columns, e.g. "age", "workclass=Private". */
  encodedNames: string[];
  /** Standard scaling of each encoded column: (x - mean) / std; one-hot columns keep 0 and 1. */
  scaleMean: number[];
  scaleStd: number[];
  /** Row count and fingerprint of the training table the encoding was fitted on. */
  fittedOn: { table: string; rows: number; fingerprint: string };
}

/**
 * Raw feature columns in spec order: numeric kinds as Float64Array (NaN = missing), categorical
 * ones as category codes (-1 = missing or unseen).
 */
export type RawColumn = Float64Array | Int32Array;
export interface RawColumns {
  rows: number;
  columns: RawColumn[];
}

/** The encoded width of the spec's features. */
export function encodedWidth(spec: Pick<FittedEncoding, 'features'>): number {
  return spec.features.reduce((n, f) => n + (f.kind === 'categorical' ? (f.categories?.length ?? 0) : 1), 0);
}

/** Maps DuckDB type names to feature kinds; anything textual or unknown is categorical. */
export function featureKindOf(duckdbType: string): FeatureKind {
  const t = duckdbType.toUpperCase();
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) return 'numeric';
  return 'categorical';
}

/**
 * Imputes and one-hot encodes raw columns into a row-major Float32Array (unscaled), the input the
 * ONNX model takes; `first`/`count` encode a slice of the rows, so a large table is encoded one batch
 * at a time instead of as one matrix of rows x encoded width. Scaling comes after (`scaleInPlace`), because the ONNX graph does it itself.
 * `into` (at least `count` x width long) is reused instead of a new array: a fresh batch of 8,192
 * rows is 3.6 MB of new pages each time, which cost more than the encoding (kddcup: 0.1 s of 0.2 s).
 *
 * @example
 * const x = encodeUnscaled(spec, await readRawColumns(data, table, spec));
 * const batch = encodeUnscaled(spec, raw, 65536, 8192, buffer); // rows 65,536 to 73,727 only, in buffer
 */
export function encodeUnscaled(spec: FittedEncoding, raw: RawColumns, first = 0, count = raw.rows - first, into?: Float32Array): Float32Array {
  const width = spec.encodedNames.length;
  let out: Float32Array;
  if (into) {
    if (into.length < count * width) throw new Error(`encode buffer holds ${into.length} values, ${count * width} needed`);
    out = into.subarray(0, count * width).fill(0);
  } else {
    out = new Float32Array(count * width);
  }
  const layout = featureLayout(spec);
  // Row tiles: writing one feature down a whole batch strides 4 x width bytes per row and leaves
  // the cache between features; a tile of rows stays in cache while its features are written.
  for (let t0 = 0; t0 < count; t0 += ENCODE_TILE) {
    const t1 = Math.min(count, t0 + ENCODE_TILE);
    for (let j = 0; j < layout.offsets.length; j++) {
      const k = layout.sizes[j];
      if (k >= 0) oneHotInto(raw.columns[j] as Int32Array, first, t0, t1, out, width, layout.offsets[j], k);
      else imputeInto(raw.columns[j] as Float64Array, first, t0, t1, out, width, layout.offsets[j], layout.medians[j]);
    }
  }
  return out;
}

export const ENCODE_TILE = 256;

export interface FeatureLayout {
  offsets: Int32Array;
  sizes: Int32Array;
  medians: Float64Array;
}

/** Per feature: its first encoded column, its vocabulary size (-1 for a number) and its median. */
export function featureLayout(spec: FittedEncoding): FeatureLayout {
  const n = spec.features.length;
  const layout = { offsets: new Int32Array(n), sizes: new Int32Array(n), medians: new Float64Array(n) };
  let offset = 0;
  spec.features.forEach((f, j) => {
    layout.offsets[j] = offset;
    if (f.kind === 'categorical') {
      layout.sizes[j] = f.categories?.length ?? 0;
      offset += layout.sizes[j];
    } else {
      layout.sizes[j] = -1;
      layout.medians[j] = f.median ?? 0;
      offset += 1;
    }
  });
  return layout;
}

/** Rows r0..r1 of the batch: 1 at the code's column; missing and unseen codes (-1) leave zeros. */
function oneHotInto(codes: Int32Array, first: number, r0: number, r1: number, out: Float32Array, width: number, offset: number, k: number): void {
  for (let r = r0; r < r1; r++) {
    const c = codes[first + r];
    if (c >= 0 && c < k) out[r * width + offset + c] = 1;
  }
}

/** Rows r0..r1 of the batch: the value, or the training median where it is missing (NaN) or infinite. */
function imputeInto(values: Float64Array, first: number, r0: number, r1: number, out: Float32Array, width: number, offset: number, median: number): void {
  for (let r = r0; r < r1; r++) {
    const v = values[first + r];
    out[r * width + offset] = Number.isFinite(v) ? v : median;
  }
}

/** Applies the fitted standard scaling to an encoded row-major matrix, in place. */
export function scaleInPlace(spec: FittedEncoding, x: Float32Array): Float32Array {
  const width = spec.scaleMean.length;
  const mean = Float64Array.from(spec.scaleMean);
  const std = Float64Array.from(spec.scaleStd);
  // Row by row rather than `i % width` per value: the same arithmetic, without a division per cell.
  for (let row = 0; row < x.length; row += width) {
    for (let j = 0; j < width; j++) x[row + j] = (x[row + j] - mean[j]) / std[j];
  }
  return x;
}

/**
 * `encodeUnscaled` then `scaleInPlace` (the tfjs network's input), in one pass and with the same
 * arithmetic per cell: every cell starts as its column's scaled 0, copied natively row after row,
 * and only the numbers and the one-hot 1s are written and scaled in JavaScript. Scaling every cell
 * in a loop cost a fresh process (where this code runs cold) about 10 ms on 16,000 adult rows.
 * `into`, when given, receives the rows (its first rows x width floats) instead of a new array: the
 * training step's own memory, so the training set is not copied there afterwards.
 */
export function encodeScaled(spec: FittedEncoding, raw: RawColumns, into?: Float32Array): Float32Array {
  const width = spec.encodedNames.length;
  if (spec.scaleMean.length !== width || spec.scaleStd.length !== width) {
    const scaled = scaleInPlace(spec, encodeUnscaled(spec, raw));
    if (!into) return scaled;
    into.set(scaled);
    return into.subarray(0, scaled.length);
  }
  const mean = Float64Array.from(spec.scaleMean);
  const std = Float64Array.from(spec.scaleStd);
  const out = into ? into.subarray(0, raw.rows * width) : new Float32Array(raw.rows * width);
  const scaledZero = new Float32Array(width);
  for (let j = 0; j < width; j++) scaledZero[j] = (0 - mean[j]) / std[j];
  fillRows(out, scaledZero, raw.rows);
  const layout = featureLayout(spec);
  for (let t0 = 0; t0 < raw.rows; t0 += ENCODE_TILE) {
    const t1 = Math.min(raw.rows, t0 + ENCODE_TILE);
    for (let j = 0; j < layout.offsets.length; j++) {
      const at = layout.offsets[j];
      const k = layout.sizes[j];
      if (k >= 0) oneHotScaledInto(raw.columns[j] as Int32Array, t0, t1, out, width, at, k, mean, std);
      else imputeScaledInto(raw.columns[j] as Float64Array, t0, t1, out, width, at, layout.medians[j], mean[at], std[at]);
    }
  }
  return out;
}

/** Copies `row` into each of the `rows` rows of `out`, doubling the filled part with each native copy. */
function fillRows(out: Float32Array, row: Float32Array, rows: number): void {
  if (rows === 0 || row.length === 0) return;
  out.set(row, 0);
  for (let filled = row.length; filled < out.length; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, out.length - filled));
}

/** `oneHotInto` then scaling: the 1 at the code's column becomes (1 - mean) / std. */
function oneHotScaledInto(
  codes: Int32Array,
  r0: number,
  r1: number,
  out: Float32Array,
  width: number,
  offset: number,
  k: number,
  mean: Float64Array,
  std: Float64Array,
): void {
  for (let r = r0; r < r1; r++) {
    const c = codes[r];
    if (c >= 0 && c < k) out[r * width + offset + c] = (1 - mean[offset + c]) / std[offset + c];
  }
}

/** `imputeInto` then scaling: the value as a float32 (as the unscaled matrix holds it), less the mean, over the std. */
function imputeScaledInto(
  values: Float64Array,
  r0: number,
  r1: number,
  out: Float32Array,
  width: number,
  offset: number,
  median: number,
  mean: number,
  std: number,
): void {
  for (let r = r0; r < r1; r++) {
    const v = values[r];
    out[r * width + offset] = (Math.fround(Number.isFinite(v) ? v : median) - mean) / std;
  }
}

const DAY_MS = 86_400_000;

function toNumber(kind: FeatureKind, v: unknown): number {
  if (v === null || v === undefined || v === '') return NaN;
  if (kind === 'boolean') {
    if (typeof v === 'boolean') return v ? 1 : 0;
    const s = String(v).trim().toLowerCase();
    return s === 'true' || s === '1' ? 1 : s === 'false' || s === '0' ? 0 : NaN;
  }
  if (kind === 'date' || kind === 'timestamp') {
    const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? NaN : Date.parse(String(v));
    if (Number.isNaN(ms)) return typeof v === 'number' ? v : NaN;
    return kind === 'date' ? Math.floor(ms / DAY_MS) : ms / 1000;
  }
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) ? n : NaN;
}

/**
 * Turns plain records (JSON rows sent to a served model, or a CSV body parsed by papaparse) into
 * raw columns with the same coercions the DuckDB reader applies: dates as days since 1970,
 * timestamps as seconds, booleans as 0/1, unseen categories as -1.
 *
 * @example
 * const x = encodeScaled(spec, rawColumnsFromRecords(spec, [{ age: 39, workclass: 'State-gov' }]));
 */
export function rawColumnsFromRecords(spec: FittedEncoding, records: readonly Record<string, unknown>[]): RawColumns {
  const columns = spec.features.map((f): RawColumn => {
    if (f.kind === 'categorical') {
      const index = new Map((f.categories ?? []).map((c, i) => [c, i]));
      return Int32Array.from(records, (rec) => {
        const v = rec[f.name];
        return v === null || v === undefined ? -1 : (index.get(String(v)) ?? -1);
      });
    }
    return Float64Array.from(records, (rec) => toNumber(f.kind, f.element ? elementOf(rec[f.element.column], f.element.index) : rec[f.name]));
  });
  return { rows: records.length, columns };
}

/** Element `index` (1-based) of a list sent as a JSON array, undefined when it is not one. */
function elementOf(list: unknown, index: number): unknown {
  return Array.isArray(list) ? (list as unknown[])[index - 1] : undefined;
}
