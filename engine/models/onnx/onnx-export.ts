/**
 * Writes a trained network as an ONNX model with protobufjs: the standard scaling as Sub/Div nodes,
 * each dense layer as a Gemm plus its activation node, then Softmax (classification) or Mul/Add
 * back to the target's units (regression). One-hot encoding stays in the model's recipe (`recipe.json`, its encoding): the
 * ONNX input is the imputed, one-hot encoded but unscaled feature vector.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import type { FittedEncoding } from '../preprocessing.js';

export const ONNX_FILE = 'model.onnx';
export const ONNX_INPUT = 'features';
export const ONNX_OPSET = 13;
const IR_VERSION = 8;
const FLOAT = 1;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;

let schema: protobuf.Type | undefined;
/** The ModelProto type from the bundled ONNX schema subset. */
export function modelProtoType(): protobuf.Type {
  if (!schema) {
    const text = readFileSync(new URL('./onnx-subset.proto', import.meta.url), 'utf8');
    schema = protobuf.parse(text, { keepCase: true }).root.lookupType('onnx.ModelProto');
  }
  return schema;
}

export interface DenseLayer {
  name: string;
  activation: string;
  kernel: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
}

const ACTIVATION_OPS: Record<string, string | undefined> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', elu: 'Elu', linear: undefined };

function tensor(name: string, dims: number[], values: ArrayLike<number>) {
  const data = Float32Array.from(values);
  return { name, dims, data_type: FLOAT, raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function valueInfo(name: string, dims: (number | string)[]) {
  return {
    name,
    type: { tensor_type: { elem_type: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
  };
}

/** Output name of the graph for a spec: "probabilities" or "prediction". */
export function onnxOutputName(spec: FittedEncoding): string {
  return spec.target.task === 'classification' ? 'probabilities' : 'prediction';
}

/**
 * Encodes the network as ONNX bytes.
 *
 * @example
 * const bytes = buildOnnxModel(spec, denseWeights(model), { producerVersion: '0.1.0' });
 */
export function buildOnnxModel(spec: FittedEncoding, layers: DenseLayer[], meta: { producerVersion: string; docString?: string }): Uint8Array {
  const width = spec.encodedNames.length;
  const nodes: object[] = [];
  const initializers: object[] = [tensor('scale_mean', [width], spec.scaleMean), tensor('scale_std', [width], spec.scaleStd)];
  nodes.push({ op_type: 'Sub', name: 'scale_sub', input: [ONNX_INPUT, 'scale_mean'], output: ['centred'] });
  nodes.push({ op_type: 'Div', name: 'scale_div', input: ['centred', 'scale_std'], output: ['scaled'] });
  let current = 'scaled';
  for (const layer of layers) {
    const op = ACTIVATION_OPS[layer.activation];
    if (!(layer.activation in ACTIVATION_OPS)) throw new Error(`cannot export activation "${layer.activation}" of layer ${layer.name} to ONNX`);
    initializers.push(tensor(`${layer.name}_W`, [layer.inputs, layer.units], layer.kernel), tensor(`${layer.name}_b`, [layer.units], layer.bias));
    const gemmOut = `${layer.name}_gemm`;
    nodes.push({ op_type: 'Gemm', name: `${layer.name}_gemm`, input: [current, `${layer.name}_W`, `${layer.name}_b`], output: [gemmOut] });
    current = gemmOut;
    if (op) {
      const actOut = `${layer.name}_${layer.activation}`;
      const attribute = op === 'Elu' ? [{ name: 'alpha', type: ATTR_FLOAT, f: 1 }] : [];
      nodes.push({ op_type: op, name: actOut, input: [current], output: [actOut], attribute });
      current = actOut;
    }
  }
  const output = onnxOutputName(spec);
  const outputWidth = layers[layers.length - 1]?.units ?? 1;
  if (spec.target.task === 'classification') {
    nodes.push({ op_type: 'Softmax', name: 'softmax', input: [current], output: [output], attribute: [{ name: 'axis', type: ATTR_INT, i: 1 }] });
  } else {
    initializers.push(tensor('target_std', [1], [spec.target.std ?? 1]), tensor('target_mean', [1], [spec.target.mean ?? 0]));
    nodes.push({ op_type: 'Mul', name: 'target_mul', input: [current, 'target_std'], output: ['unscaled'] });
    nodes.push({ op_type: 'Add', name: 'target_add', input: ['unscaled', 'target_mean'], output: [output] });
  }
  const type = modelProtoType();
  const model = {
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'lifecycle-studio',
    producer_version: meta.producerVersion,
    doc_string: meta.docString ?? '',
    graph: {
      name: 'lifecycle_studio_model',
      node: nodes,
      initializer: initializers,
      input: [valueInfo(ONNX_INPUT, ['rows', width])],
      output: [valueInfo(output, ['rows', outputWidth])],
    },
    metadata_props: [
      { key: 'target', value: spec.target.name },
      { key: 'task', value: spec.target.task },
      { key: 'labels', value: JSON.stringify(spec.target.labels ?? []) },
      { key: 'encoded_features', value: JSON.stringify(spec.encodedNames) },
    ],
  };
  const problem = type.verify(model);
  if (problem) throw new Error(`internal error building the ONNX model: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/** Builds and writes `model.onnx` atomically into `dir`; returns its path. */
export async function writeOnnxModel(dir: string, spec: FittedEncoding, layers: DenseLayer[], meta: { producerVersion: string }): Promise<string> {
  const path = `${dir}/${ONNX_FILE}`;
  await writeFileAtomic(path, buildOnnxModel(spec, layers, meta));
  return path;
}
