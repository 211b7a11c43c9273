/**
 * `encodeUnscaled` of the columns `RowRecipe.raw` builds, written straight from a request's cells
 * into the model's input matrix: the same codes, numbers and imputation, without a typed array per
 * feature in between (on the model server's 1-row requests those allocations were most of the
 * encoding's time). The replay parity corpus (server/row-replay-parity.test.ts) checks its bytes against
 * the SQL replay and that it refuses exactly the rows `raw` refuses.
 */
import { ENCODE_TILE, type FeatureLayout } from './preprocessing.js';
import { toDouble, toText, UNSURE, type Cell, type RowType } from './row-values.js';

/**
 * The unscaled input matrix of `rows` rows from each feature's cells (with its type, and its
 * vocabulary when it is categorical), or undefined when a cell is outside the range the JS
 * conversions reproduce exactly (then the SQL replay scores the request).
 *
 * @example
 * const x = encodeCells(cells, types, vocabularies, featureLayout(encoding), encoding.encodedNames.length, rows);
 */
export function encodeCells(
  cells: readonly (readonly Cell[])[],
  types: readonly RowType[],
  vocabularies: readonly (ReadonlyMap<string, number> | undefined)[],
  layout: FeatureLayout,
  width: number,
  rows: number,
): Float32Array | undefined {
  const out = new Float32Array(rows * width);
  // Row tiles, as encodeUnscaled: a tile of rows stays in cache while each feature is written into it.
  for (let t0 = 0; t0 < rows; t0 += ENCODE_TILE) {
    const t1 = Math.min(rows, t0 + ENCODE_TILE);
    for (let j = 0; j < cells.length; j++) {
      const vocabulary = vocabularies[j];
      const done = vocabulary
        ? oneHotCells(cells[j], types[j], vocabulary, layout.sizes[j], t0, t1, out, width, layout.offsets[j])
        : numberCells(cells[j], t0, t1, out, width, layout.offsets[j], layout.medians[j]);
      if (!done) return undefined;
    }
  }
  return out;
}

/** `coalesce(list_position(vocabulary, CAST(col AS VARCHAR)), 0) - 1`, one-hot: codes outside 0..k-1 (missing, unseen) write nothing. */
function oneHotCells(
  cells: readonly Cell[],
  type: RowType,
  vocabulary: ReadonlyMap<string, number>,
  k: number,
  r0: number,
  r1: number,
  out: Float32Array,
  width: number,
  offset: number,
): boolean {
  for (let r = r0; r < r1; r++) {
    const v = cells[r];
    if (v === null) continue;
    const t = toText(v, type);
    if (t === UNSURE) return false;
    if (t === null) continue;
    const c = vocabulary.get(t) ?? -1;
    if (c >= 0 && c < k) out[r * width + offset + c] = 1;
  }
  return true;
}

/** `TRY_CAST(col AS DOUBLE)`, the training median where it is missing or not finite. */
function numberCells(cells: readonly Cell[], r0: number, r1: number, out: Float32Array, width: number, offset: number, median: number): boolean {
  for (let r = r0; r < r1; r++) {
    const v = cells[r];
    const x = v === null ? null : toDouble(v, false);
    if (x === UNSURE) return false;
    out[r * width + offset] = x !== null && Number.isFinite(x) ? x : median;
  }
  return true;
}
