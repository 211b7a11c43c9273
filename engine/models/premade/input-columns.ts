/**
 * Reads the mapped columns of the rows to score into arrays of the element type each input takes
 * (float32/float64 as numbers, integers as bigint, bool, string), then cuts tensors per batch.
 */
import * as ort from 'onnxruntime-node';
import { ident, type DataPlane } from '../../data/data-plane.js';
import type { MappedInput } from './column-mapping.js';

/** One column's values for every row, in the type its input takes. */
type ColumnValues =
  | { kind: 'number'; values: Float64Array }
  | { kind: 'bigint'; values: BigInt64Array }
  | { kind: 'bool'; values: Uint8Array }
  | { kind: 'string'; values: string[] };

export interface InputColumns {
  rows: number;
  /** Per mapped input, its columns' values in mapping order. */
  byInput: { input: MappedInput; columns: ColumnValues[] }[];
}

const INT_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);

/** The SQL reading one column for an element type; `fill` is a SQL literal to use for missing values. */
function readExpr(column: string, elem: string, fill: string | undefined): string {
  const c = fill === undefined ? ident(column) : `COALESCE(${ident(column)}, ${fill})`;
  if (elem === 'string') return `CAST(${c} AS VARCHAR)`;
  if (elem === 'bool') return `CAST(${c} AS BOOLEAN)`;
  return `CAST(${c} AS DOUBLE)`;
}

function emptyValues(elem: string, rows: number): ColumnValues {
  if (elem === 'string') return { kind: 'string', values: new Array<string>(rows) };
  if (elem === 'bool') return { kind: 'bool', values: new Uint8Array(rows) };
  if (INT_TYPES.has(elem)) return { kind: 'bigint', values: new BigInt64Array(rows) };
  return { kind: 'number', values: new Float64Array(rows) };
}

function store(target: ColumnValues, row: number, v: unknown, column: string, input: string): void {
  if (target.kind === 'string') target.values[row] = String(v);
  else if (target.kind === 'bool') target.values[row] = v ? 1 : 0;
  else if (target.kind === 'number') target.values[row] = Number(v);
  else {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new Error(`column ${column} holds ${n} at row ${row + 1}, and input ${input} takes whole numbers; round the column first`);
    target.values[row] = BigInt(n);
  }
}

/**
 * @example
 * const read = await readInputColumns(ctx.data, table, mapping, fills, signal);
 */
export async function readInputColumns(
  data: DataPlane,
  table: string,
  mapping: MappedInput[],
  fills: ReadonlyMap<string, string>,
  rowCount: number,
  signal?: AbortSignal,
): Promise<InputColumns> {
  const flat = mapping.flatMap((m) => m.columns.map((c) => ({ m, c })));
  const sql = `SELECT ${flat.map(({ m, c }) => readExpr(c, m.elemType, fills.get(c))).join(', ')} FROM ${ident(table)}`;
  const values = flat.map(({ m }) => emptyValues(m.elemType, rowCount));
  const result = await data.connection.stream(sql);
  let row = 0;
  for (;;) {
    signal?.throwIfAborted();
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (let j = 0; j < flat.length; j++) {
      const vector = chunk.getColumnVector(j);
      for (let i = 0; i < chunk.rowCount; i++) store(values[j], row + i, vector.getItem(i), flat[j].c, flat[j].m.input);
    }
    row += chunk.rowCount;
  }
  let at = 0;
  return { rows: row, byInput: mapping.map((m) => ({ input: m, columns: values.slice(at, (at += m.columns.length)) })) };
}

/** The tensor of one input for rows [start, start + n): its columns interleaved row by row. */
export function inputTensor(entry: InputColumns['byInput'][number], start: number, n: number): ort.Tensor {
  const { input, columns } = entry;
  const k = columns.length;
  const dims = [n, ...input.inner];
  const elem = input.elemType;
  if (elem === 'string') {
    const out = new Array<string>(n * k);
    for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) out[r * k + j] = (columns[j].values as string[])[start + r];
    return new ort.Tensor('string', out, dims);
  }
  if (elem === 'bool') {
    const out = new Uint8Array(n * k);
    for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) out[r * k + j] = (columns[j].values as Uint8Array)[start + r];
    return new ort.Tensor('bool', out, dims);
  }
  if (INT_TYPES.has(elem)) {
    const out = new BigInt64Array(n * k);
    for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) out[r * k + j] = (columns[j].values as BigInt64Array)[start + r];
    if (elem === 'int64') return new ort.Tensor('int64', out, dims);
    const narrow = elem === 'int32' ? Int32Array.from(out, Number) : elem === 'uint8' ? Uint8Array.from(out, Number) : undefined;
    if (!narrow) throw new Error(`input ${input.input} takes ${elem}, which this node does not convert to yet; use a model taking int32, int64 or float`);
    return new ort.Tensor(elem as 'int32' | 'uint8', narrow, dims);
  }
  if (elem === 'float16') throw new Error(`input ${input.input} takes float16, which this node does not convert to yet`);
  const out = elem === 'float64' ? new Float64Array(n * k) : new Float32Array(n * k);
  for (let r = 0; r < n; r++) for (let j = 0; j < k; j++) out[r * k + j] = (columns[j].values as Float64Array)[start + r];
  return new ort.Tensor(elem === 'float64' ? 'float64' : 'float32', out, dims);
}
