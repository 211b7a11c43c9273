/**
 * Tiny ONNX graphs written with protobufjs for the premade-model tests: inputs of the element types
 * the shared models do not have (string, int64, bool, float64), each turned into one float32 output.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelProtoType } from '../../engine/models/onnx/onnx-export.js';

export const ELEM = { float32: 1, int64: 7, string: 8, bool: 9, float64: 11 } as const;
const ATTR = { FLOAT: 1, INT: 2, FLOATS: 6, STRINGS: 8 };

const valueInfo = (name: string, elem: number, dims: (number | string)[]) => ({
  name,
  type: { tensor_type: { elem_type: elem, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
});
const cast = (input: string, output: string) => ({
  op_type: 'Cast',
  name: output,
  input: [input],
  output: [output],
  attribute: [{ name: 'to', type: ATTR.INT, i: ELEM.float32 }],
});

function write(dir: string, file: string, graph: object, metadata: Record<string, string> = {}): string {
  const type = modelProtoType();
  const model = {
    ir_version: 8,
    opset_import: [
      { domain: '', version: 13 },
      { domain: 'ai.onnx.ml', version: 2 },
    ],
    producer_name: 'tiny-onnx test helper',
    graph,
    metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  const problem = type.verify(model);
  if (problem) throw new Error(problem);
  const path = join(dir, file);
  writeFileSync(path, type.encode(type.fromObject(model)).finish());
  return path;
}

/** `sex` string[batch,1] -> `score` float32[batch,1]: MALE 1, FEMALE 2, anything else -1 (LabelEncoder). */
export function writeStringModel(dir: string): string {
  const encoder = {
    op_type: 'LabelEncoder',
    domain: 'ai.onnx.ml',
    name: 'encode',
    input: ['sex'],
    output: ['score'],
    attribute: [
      { name: 'keys_strings', type: ATTR.STRINGS, strings: [Buffer.from('MALE'), Buffer.from('FEMALE')] },
      { name: 'values_floats', type: ATTR.FLOATS, floats: [1, 2] },
      { name: 'default_float', type: ATTR.FLOAT, f: -1 },
    ],
  };
  return write(dir, 'string-input.onnx', {
    name: 'tiny_string',
    node: [encoder],
    input: [valueInfo('sex', ELEM.string, ['batch', 1])],
    output: [valueInfo('score', ELEM.float32, ['batch', 1])],
  });
}

/** `count` int64[batch,1] -> `value` float32[batch,1] (Cast). */
export function writeInt64Model(dir: string): string {
  return write(dir, 'int64-input.onnx', {
    name: 'tiny_int64',
    node: [cast('count', 'value')],
    input: [valueInfo('count', ELEM.int64, ['batch', 1])],
    output: [valueInfo('value', ELEM.float32, ['batch', 1])],
  });
}

/** `n` int64, `flag` bool, `x` float64 (each [batch,1]) -> `total` float32[batch,1] = n + flag + x. */
export function writeMixedModel(dir: string): string {
  const add = (a: string, b: string, out: string) => ({ op_type: 'Add', name: out, input: [a, b], output: [out] });
  return write(dir, 'mixed-input.onnx', {
    name: 'tiny_mixed',
    node: [cast('n', 'nf'), cast('flag', 'ff'), cast('x', 'xf'), add('nf', 'ff', 's1'), add('s1', 'xf', 'total')],
    input: [valueInfo('n', ELEM.int64, ['batch', 1]), valueInfo('flag', ELEM.bool, ['batch', 1]), valueInfo('x', ELEM.float64, ['batch', 1])],
    output: [valueInfo('total', ELEM.float32, ['batch', 1])],
  });
}
