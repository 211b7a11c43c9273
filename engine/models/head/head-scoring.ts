/**
 * Scoring with a premade model and its head: in one composed ONNX session (raw mapped inputs plus
 * the other encoded columns), or in two stages (premade session, then the head session on the
 * chosen output concatenated with those columns), which is what the composed graph is checked against.
 */
import * as ort from 'onnxruntime-node';
import { ident, type DataPlane } from '../../data/data-plane.js';
import type { PremadeModelSpec } from '../../values.js';
import { runOnnxRows, type OnnxSession } from '../onnx/onnx-score.js';
import { inputTensor, readInputColumns } from '../premade/input-columns.js';
import type { OnnxElemType } from '../premade/signature-types.js';
import { encodeUnscaled, type FittedEncoding } from '../preprocessing.js';
import { readModelInputs } from '../table-reader.js';
import { EXTRA_INPUT } from './compose-onnx.js';
import { premadeOutput } from './premade-features.js';

/** What a head model needs besides its files: the premade output it reads and how wide it is. */
export interface HeadSpec {
  featureOutput: string;
  featureWidth: number;
}

/** The encoding of the columns beside the premade output (the head's encoding without its first `featureWidth` features). */
export function extraEncoding(spec: FittedEncoding, head: HeadSpec): FittedEncoding {
  return { ...spec, features: spec.features.slice(head.featureWidth), encodedNames: spec.encodedNames.slice(head.featureWidth) };
}

async function extraColumns(data: DataPlane, table: string, spec: FittedEncoding, head: HeadSpec, signal?: AbortSignal) {
  const extras = extraEncoding(spec, head);
  const { raw } = await readModelInputs(data, table, extras, { signal });
  return { x: encodeUnscaled(extras, raw), width: extras.encodedNames.length, rows: raw.rows };
}

/**
 * The composed session's outputs on every row of `table` (rows must have their mapped columns).
 *
 * @example
 * const { outputs, width } = await scoreComposed(data, session, premade, encoding, head, table);
 */
export async function scoreComposed(
  data: DataPlane,
  session: OnnxSession,
  premade: PremadeModelSpec,
  spec: FittedEncoding,
  head: HeadSpec,
  table: string,
  signal?: AbortSignal,
): Promise<{ outputs: Float32Array; width: number; rows: number }> {
  const [{ n }] = await data.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
  const mapping = premade.inputs.map((i) => ({ ...i, elemType: i.elemType as OnnxElemType }));
  const read = await readInputColumns(data, table, mapping, new Map(Object.entries(premade.missing.fills)), Number(n), signal);
  const extra = await extraColumns(data, table, spec, head, signal);
  const output = session.outputNames[0];
  let outputs = new Float32Array(0);
  let width = 0;
  const batch = 8192;
  for (let start = 0; start < read.rows; start += batch) {
    signal?.throwIfAborted();
    const rows = Math.min(batch, read.rows - start);
    const feeds: Record<string, ort.Tensor> = Object.fromEntries(read.byInput.map((e) => [e.input.input, inputTensor(e, start, rows)]));
    if (extra.width) feeds[EXTRA_INPUT] = new ort.Tensor('float32', extra.x.slice(start * extra.width, (start + rows) * extra.width), [rows, extra.width]);
    const got = (await session.run(feeds, [output]))[output].data as Float32Array;
    if (start === 0) {
      width = got.length / rows;
      outputs = new Float32Array(read.rows * width);
    }
    outputs.set(got, start * width);
  }
  return { outputs, width, rows: read.rows };
}

/**
 * The same outputs in two stages: the premade session, then the head session on its output beside the other columns.
 */
export async function scoreTwoStage(
  data: DataPlane,
  sessions: { premade: OnnxSession; head: OnnxSession },
  premade: PremadeModelSpec,
  spec: FittedEncoding,
  head: HeadSpec,
  table: string,
): Promise<{ outputs: Float32Array; width: number; rows: number }> {
  const features = await premadeOutput(data, sessions.premade, premade, table, head.featureOutput);
  if (features.width !== head.featureWidth)
    throw new Error(`the premade output ${head.featureOutput} is ${features.width} wide; the head was trained on ${head.featureWidth}`);
  const extra = await extraColumns(data, table, spec, head);
  const width = head.featureWidth + extra.width;
  const x = new Float32Array(features.rows * width);
  for (let r = 0; r < features.rows; r++) {
    x.set(features.values.subarray(r * head.featureWidth, (r + 1) * head.featureWidth), r * width);
    x.set(extra.x.subarray(r * extra.width, (r + 1) * extra.width), r * width + head.featureWidth);
  }
  const got = await runOnnxRows(sessions.head, x, features.rows, width);
  return { ...got, rows: features.rows };
}
