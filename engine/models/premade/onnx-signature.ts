/**
 * Reads an ONNX file's signature with protobufjs and the bundled schema subset (no session is
 * opened, so a model whose operators onnxruntime lacks still describes itself).
 */
import { readFile, stat } from 'node:fs/promises';
import { modelProtoType } from '../onnx/onnx-export.js';
import type { FileDescription, OnnxElemType, OnnxSignature, OnnxTensorInfo } from './signature-types.js';

// TensorProto.DataType numbers (onnx.proto).
const ELEM_TYPES: Record<number, OnnxElemType> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
};

interface RawDim {
  dim_value?: number;
  dim_param?: string;
  value?: string;
}
interface RawValueInfo {
  name: string;
  doc_string?: string;
  type?: { tensor_type?: { elem_type?: number; shape?: { dim?: RawDim[] } } };
}
interface RawModel {
  ir_version?: number;
  opset_import?: { domain?: string; version?: number }[];
  producer_name?: string;
  producer_version?: string;
  doc_string?: string;
  model_version?: number;
  graph?: { name?: string; input?: RawValueInfo[]; output?: RawValueInfo[]; initializer?: { name?: string }[] };
  metadata_props?: { key?: string; value?: string }[];
}

function dimOf(d: RawDim): number | string | null {
  if (d.value === 'dim_value' || (d.value === undefined && d.dim_value !== undefined)) return Number(d.dim_value);
  if (d.value === 'dim_param' || d.dim_param) return d.dim_param || null;
  return null;
}

function tensorInfo(v: RawValueInfo): OnnxTensorInfo {
  const t = v.type?.tensor_type;
  const info: OnnxTensorInfo = { name: v.name, elemType: ELEM_TYPES[t?.elem_type ?? 0] ?? 'unknown' };
  if (t?.shape) info.shape = (t.shape.dim ?? []).map(dimOf);
  if (v.doc_string) info.docString = v.doc_string;
  return info;
}

/**
 * @example
 * decodeSignature(readFileSync('penguins_classifier.onnx')).inputs // [{ name: 'features', elemType: 'float32', shape: ['batch', 4] }]
 */
export function decodeSignature(bytes: Uint8Array): OnnxSignature {
  const type = modelProtoType();
  let raw: RawModel;
  try {
    raw = type.toObject(type.decode(bytes), { longs: Number, oneofs: true }) as RawModel;
  } catch (err) {
    throw new Error(`not an ONNX model (the protobuf does not decode: ${(err as Error).message})`);
  }
  if (!raw.graph) throw new Error('not an ONNX model (it has no graph)');
  // Older exporters list initializers among the inputs too; they are weights, not inputs to feed.
  const weights = new Set((raw.graph.initializer ?? []).map((i) => i.name));
  return {
    inputs: (raw.graph.input ?? []).filter((v) => !weights.has(v.name)).map(tensorInfo),
    outputs: (raw.graph.output ?? []).map(tensorInfo),
    irVersion: raw.ir_version ?? 0,
    opsets: (raw.opset_import ?? []).map((o) => ({ domain: o.domain ?? '', version: o.version ?? 0 })),
    producerName: raw.producer_name ?? '',
    producerVersion: raw.producer_version ?? '',
    docString: raw.doc_string ?? '',
    graphName: raw.graph.name ?? '',
    modelVersion: raw.model_version ?? 0,
    metadata: Object.fromEntries((raw.metadata_props ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}

/** Reads and describes an ONNX file; errors name the path. */
export async function describeOnnxFile(path: string): Promise<FileDescription> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `no file at ${path}; pick the .onnx file again` : `cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return { kind: 'onnx', path, bytes: (await stat(path)).size, signature: decodeSignature(bytes) };
  } catch (err) {
    throw new Error(`${path} is ${(err as Error).message}`);
  }
}
