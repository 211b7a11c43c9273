/** Reads an ONNX file's structure back with the same schema subset (for tests and the model inspector). */
import { modelProtoType } from './onnx-export.js';

export interface DecodedOnnx {
  ir_version: number;
  opset_import: { domain?: string; version: number }[];
  producer_name?: string;
  graph: { name: string; node: { op_type: string; name?: string; input: string[]; output: string[] }[]; input: { name: string }[]; output: { name: string }[] };
  metadata_props?: { key: string; value: string }[];
}

/**
 * @example
 * decodeOnnx(readFileSync('model.onnx')).graph.node.map((n) => n.op_type) // ['Sub', 'Div', 'Gemm', ...]
 */
export function decodeOnnx(bytes: Uint8Array): DecodedOnnx {
  const type = modelProtoType();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: true, arrays: true }) as DecodedOnnx;
}
