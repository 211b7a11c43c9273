/**
 * Scores rows with an ONNX model through onnxruntime-node, in large batches. Used for our exported
 * models (input: the encoded, unscaled feature vector) and for ONNX files users bring.
 */
import * as ort from 'onnxruntime-node';

export type OnnxSession = ort.InferenceSession;

/**
 * @example
 * const session = await openOnnxSession(join(model.dir, 'model.onnx'));
 */
export async function openOnnxSession(path: string): Promise<OnnxSession> {
  try {
    // One intra-op thread: the engine shares a small machine with the window and DuckDB.
    return await ort.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  } catch (err) {
    throw new Error(`onnxruntime could not load ${path}: ${(err as Error).message}`);
  }
}

/** Progress, abort and batch size of a batched run. */
export interface OnnxRunOptions {
  chunk?: number;
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
}

/**
 * Runs a single-input, single-output session on row-major float rows; returns the row-major output.
 *
 * @example
 * const { outputs, width } = await runOnnxRows(session, x, rows, inputWidth);
 */
export async function runOnnxRows(
  session: OnnxSession,
  x: Float32Array,
  rows: number,
  inputWidth: number,
  options: OnnxRunOptions = {},
): Promise<{ outputs: Float32Array; width: number }> {
  return runOnnxBatches(session, rows, inputWidth, (start, n) => x.subarray(start * inputWidth, (start + n) * inputWidth), options);
}

/**
 * `runOnnxRows` with each batch's input made on demand by `batchInput(start, n)`, so a large table's
 * encoded matrix never exists whole (kddcup: 494k rows x 110 floats would be 217 MB).
 *
 * @example
 * const out = await runOnnxBatches(session, raw.rows, width, (start, n) => encodeUnscaled(spec, raw, start, n), { chunk: 65536 });
 */
export async function runOnnxBatches(
  session: OnnxSession,
  rows: number,
  inputWidth: number,
  batchInput: (start: number, n: number) => Float32Array,
  options: OnnxRunOptions = {},
): Promise<{ outputs: Float32Array; width: number }> {
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  const chunk = options.chunk ?? 8192;
  let out: Float32Array | undefined;
  let width = 0;
  for (let start = 0; start < rows; start += chunk) {
    options.signal?.throwIfAborted();
    const n = Math.min(chunk, rows - start);
    const input = new ort.Tensor('float32', batchInput(start, n), [n, inputWidth]);
    const result = await session.run({ [inputName]: input });
    const tensor = result[outputName];
    const values = tensor.data as Float32Array;
    width = n > 0 ? values.length / n : 0;
    out ??= new Float32Array(rows * width);
    out.set(values, start * width);
    options.onProgress?.(start + n);
  }
  return { outputs: out ?? new Float32Array(0), width };
}
