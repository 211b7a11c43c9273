/**
 * Writes this project's own two premade ONNX models from the weights build-premade.py fitted with
 * scikit-learn (premade-weights.json), with the signatures of the models in ../shared/data/premade,
 * so the samples ship nothing of anyone else's. Run: npx tsx pipelines-samples/data/premade/build-premade.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { modelProtoType } from '../../../engine/models/onnx/onnx-export.js';

export const PREMADE_DIR = dirname(fileURLToPath(import.meta.url));
export const PENGUINS_FILE = 'lifecycle_penguins_classifier.onnx';
export const ADULT_FILE = 'lifecycle_adult_income_two_heads.onnx';
export const PENGUIN_FEATURES = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'];
export const PENGUIN_LABELS = ['Adelie', 'Chinstrap', 'Gentoo'];
export const ADULT_INPUTS = ['age', 'fnlwgt', 'education_num', 'capital_gain', 'capital_loss', 'hours_per_week'];
const FLOAT = 1;
const ATTR_INT = 2;
const HIDDEN = 16;

interface Reference {
  inputs: number[][];
  probabilities: number[][];
}
export interface PremadeWeights {
  sklearn: string;
  penguins: { mean: number[]; std: number[]; weights: number[]; bias: number[]; reference: Reference; accuracy: number };
  adult: {
    mean: number[];
    std: number[];
    hidden_weights: number[];
    hidden_bias: number[];
    out_weights: number[];
    out_bias: number[];
    reference: Reference;
    accuracy: number;
  };
}

export const readWeights = (): PremadeWeights => JSON.parse(readFileSync(join(PREMADE_DIR, 'premade-weights.json'), 'utf8')) as PremadeWeights;

function tensor(name: string, dims: number[], values: number[]) {
  if (values.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`premade-weights.json: ${name} has ${values.length} values, expected dims ${dims}`);
  const data = Float32Array.from(values);
  return { name, dims, data_type: FLOAT, raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
const valueInfo = (name: string, width: number) => ({
  name,
  type: { tensor_type: { elem_type: FLOAT, shape: { dim: [{ dim_param: 'batch' }, { dim_value: width }] } } },
});
const op = (op_type: string, input: string[], output: string, attribute: object[] = []) => ({ op_type, name: output, input, output: [output], attribute });

function encode(graph: object, docString: string, metadata: Record<string, string>): Uint8Array {
  const type = modelProtoType();
  const model = {
    ir_version: 8,
    opset_import: [{ domain: '', version: 13 }],
    producer_name: 'lifecycle-studio build-premade',
    producer_version: `scikit-learn ${readWeights().sklearn}`,
    doc_string: docString,
    graph,
    metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  const problem = type.verify(model);
  if (problem) throw new Error(`building a premade sample model: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/** features [batch,4] raw units -> standardise -> one Gemm (multinomial logistic regression) -> logits, Softmax -> probabilities. */
export function penguinsModel(w: PremadeWeights['penguins']): Uint8Array {
  const graph = {
    name: 'lifecycle_penguins_classifier',
    node: [
      op('Sub', ['features', 'mean'], 'centred'),
      op('Div', ['centred', 'std'], 'scaled'),
      op('Gemm', ['scaled', 'W', 'b'], 'logits'),
      op('Softmax', ['logits'], 'probabilities', [{ name: 'axis', type: ATTR_INT, i: 1 }]),
    ],
    initializer: [tensor('mean', [4], w.mean), tensor('std', [4], w.std), tensor('W', [4, 3], w.weights), tensor('b', [3], w.bias)],
    input: [valueInfo('features', 4)],
    output: [valueInfo('logits', 3), valueInfo('probabilities', 3)],
  };
  return encode(graph, 'Penguin species from four body measurements (logistic regression, made by Lifecycle Studio from penguins.csv, CC0)', {
    labels: PENGUIN_LABELS.join(','),
    feature_order: PENGUIN_FEATURES.join(','),
  });
}

/** Six inputs [batch,1] -> Concat -> standardise -> Gemm + Relu (the embedding) -> Gemm + Sigmoid (the probability). */
export function adultModel(w: PremadeWeights['adult']): Uint8Array {
  const graph = {
    name: 'lifecycle_adult_income_two_heads',
    node: [
      op('Concat', ADULT_INPUTS, 'numbers', [{ name: 'axis', type: ATTR_INT, i: 1 }]),
      op('Sub', ['numbers', 'mean'], 'centred'),
      op('Div', ['centred', 'std'], 'scaled'),
      op('Gemm', ['scaled', 'W1', 'b1'], 'hidden'),
      op('Relu', ['hidden'], 'embedding'),
      op('Gemm', ['embedding', 'W2', 'b2'], 'logit'),
      op('Sigmoid', ['logit'], 'probability_over_50k'),
    ],
    initializer: [
      tensor('mean', [6], w.mean),
      tensor('std', [6], w.std),
      tensor('W1', [6, HIDDEN], w.hidden_weights),
      tensor('b1', [HIDDEN], w.hidden_bias),
      tensor('W2', [HIDDEN, 1], w.out_weights),
      tensor('b2', [1], w.out_bias),
    ],
    input: ADULT_INPUTS.map((name) => valueInfo(name, 1)),
    output: [valueInfo('probability_over_50k', 1), valueInfo('embedding', HIDDEN)],
  };
  return encode(graph, 'Income over 50K from six numeric census fields; embedding = the hidden layer (MLP made by Lifecycle Studio from adult, CC BY 4.0)', {});
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const weights = readWeights();
  writeFileSync(join(PREMADE_DIR, PENGUINS_FILE), penguinsModel(weights.penguins));
  writeFileSync(join(PREMADE_DIR, ADULT_FILE), adultModel(weights.adult));
  console.log(`wrote ${PENGUINS_FILE} and ${ADULT_FILE} in ${PREMADE_DIR}`);
}
