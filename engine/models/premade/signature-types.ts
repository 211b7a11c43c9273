/**
 * What an ONNX file says about itself: the signature the inspector shows before anything runs and
 * the premade-model node maps columns onto. Types only, so the window can import it.
 */

/** ONNX tensor element types by their usual names (float32, int64, string, ...). */
export type OnnxElemType =
  'float32' | 'float64' | 'float16' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'bool' | 'string' | 'unknown';

export interface OnnxTensorInfo {
  name: string;
  elemType: OnnxElemType;
  /** A number for a fixed dimension, a name ("batch") for a dynamic one, null for an unnamed dynamic one; undefined: rank unknown. */
  shape?: (number | string | null)[];
  docString?: string;
}

export interface OnnxSignature {
  inputs: OnnxTensorInfo[];
  outputs: OnnxTensorInfo[];
  irVersion: number;
  /** Operator sets the model imports; domain '' is the default ONNX domain. */
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString: string;
  graphName: string;
  modelVersion: number;
  /** The model's metadata_props (e.g. labels, feature_order). */
  metadata: Record<string, string>;
}

/**
 * What a node's describe hook answers about its input file; one kind per file kind. `suggestedParams`
 * are values the file itself gives for the node's params (a column order, class names), which the
 * inspector offers to fill in where the params are still empty.
 */
export type FileDescription = { kind: 'onnx'; path: string; bytes: number; signature: OnnxSignature; suggestedParams?: Record<string, unknown> };

/** "float32[batch,4]", as messages and the inspector print a tensor type. */
export function tensorTypeText(t: Pick<OnnxTensorInfo, 'elemType' | 'shape'>): string {
  const dims = t.shape ? t.shape.map((d) => (d === null ? '?' : String(d))).join(',') : '...';
  return `${t.elemType}[${dims}]`;
}
