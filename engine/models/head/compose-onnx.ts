/**
 * Composes a premade ONNX graph and a head graph (our exporter's, input `features`) into one model:
 * the head's names get a prefix so nothing clashes, and the head's input becomes the chosen premade
 * output concatenated with the other encoded columns (`extra_features`), so one session scores raw inputs.
 */
import { modelProtoType, ONNX_INPUT } from '../onnx/onnx-export.js';

export const EXTRA_INPUT = 'extra_features';
const HEAD_PREFIX = 'head__';
/** Attribute kinds the schema subset keeps whole; a subgraph (If, Loop) would lose its body on re-encoding. */
const KEPT_ATTRIBUTES = new Set([0, 1, 2, 3, 4, 6, 7, 8]);
const FLOAT = 1;

interface Named {
  name?: string;
}
interface NodeMsg extends Named {
  input: string[];
  output: string[];
  op_type?: string;
  domain?: string;
  attribute: { name?: string; type?: number }[];
}
interface GraphMsg extends Named {
  node: NodeMsg[];
  initializer: Named[];
  input: Named[];
  output: Named[];
  value_info: Named[];
}
interface ModelMsg {
  ir_version?: number | { toNumber(): number };
  opset_import: { domain?: string; version?: number | { toNumber(): number } }[];
  graph?: GraphMsg;
  metadata_props: { key?: string; value?: string }[];
  producer_name?: string;
  producer_version?: string;
  doc_string?: string;
}

const num = (v: number | { toNumber(): number } | undefined) => (v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

function decode(bytes: Uint8Array, what: string): ModelMsg {
  const model = modelProtoType().decode(bytes) as unknown as ModelMsg;
  if (!model.graph) throw new Error(`the ${what} ONNX file has no graph`);
  for (const node of model.graph.node) {
    const sub = node.attribute.find((a) => !KEPT_ATTRIBUTES.has(a.type ?? 0));
    if (sub)
      throw new Error(
        `the ${what} model's node ${node.name ?? node.op_type} has a subgraph attribute "${sub.name}"; a custom head needs a model without control flow`,
      );
  }
  return model;
}

export interface ComposeOptions {
  /** The premade output feeding the head, e.g. "embedding" (float32 [batch, k]). */
  featureOutput: string;
  /** Width of the other encoded columns, 0 when the head takes the premade output alone. */
  extraWidth: number;
  metadata?: Record<string, string>;
}

/**
 * @example
 * const bytes = composeHead(await readFile(premadePath), headBytes, { featureOutput: 'embedding', extraWidth: 95 });
 */
export function composeHead(premadeBytes: Uint8Array, headBytes: Uint8Array, o: ComposeOptions): Uint8Array {
  const premade = decode(premadeBytes, 'premade');
  const head = decode(headBytes, 'head');
  const pg = premade.graph!;
  const hg = head.graph!;
  const premadeOpset = num(premade.opset_import.find((s) => !s.domain)?.version);
  const headOpset = num(head.opset_import.find((s) => !s.domain)?.version);
  // Raising a model's opset can change what its operators mean (Softmax's axis at 13), so only the head may be raised.
  if (premadeOpset < headOpset) throw new Error(`the premade model uses ONNX opset ${premadeOpset}; a custom head needs opset ${headOpset} or newer`);
  if (!pg.output.some((v) => v.name === o.featureOutput)) {
    throw new Error(`the premade model has no output "${o.featureOutput}"; its outputs are ${pg.output.map((v) => v.name).join(', ')}`);
  }
  const headOutputs = new Set(hg.output.map((v) => v.name!));
  const taken = new Set([...pg.node.flatMap((n) => [...n.input, ...n.output]), ...pg.initializer.map((t) => t.name!), ...pg.input.map((v) => v.name!)]);
  const rename = (name: string) => {
    if (name === ONNX_INPUT) return `${HEAD_PREFIX}${ONNX_INPUT}`;
    if (!name || (headOutputs.has(name) && !taken.has(name))) return name;
    return `${HEAD_PREFIX}${name}`;
  };
  for (const node of hg.node) {
    node.input = node.input.map(rename);
    node.output = node.output.map(rename);
    node.name = `${HEAD_PREFIX}${node.name ?? ''}`;
  }
  for (const t of [...hg.initializer, ...hg.output, ...hg.value_info]) t.name = rename(t.name!);
  const inputs = pg.input.filter((v) => !pg.initializer.some((t) => t.name === v.name));
  const extra = o.extraWidth > 0;
  const type = modelProtoType();
  const concat = {
    op_type: 'Concat',
    name: `${HEAD_PREFIX}concat`,
    input: [o.featureOutput, ...(extra ? [EXTRA_INPUT] : [])],
    output: [`${HEAD_PREFIX}${ONNX_INPUT}`],
    attribute: [{ name: 'axis', type: 2, i: 1 }],
  };
  const extraInput = {
    name: EXTRA_INPUT,
    type: { tensor_type: { elem_type: FLOAT, shape: { dim: [{ dim_param: 'rows' }, { dim_value: o.extraWidth }] } } },
  };
  const graph = {
    name: 'premade_with_head',
    node: [...pg.node, type.lookupType('onnx.NodeProto').fromObject(concat), ...hg.node],
    initializer: [...pg.initializer, ...hg.initializer],
    input: [...inputs, ...(extra ? [type.lookupType('onnx.ValueInfoProto').fromObject(extraInput)] : [])],
    output: hg.output,
    value_info: [...pg.value_info, ...hg.value_info],
  };
  const model = {
    ir_version: Math.max(num(premade.ir_version), num(head.ir_version)),
    opset_import: premade.opset_import,
    producer_name: 'lifecycle-studio',
    producer_version: head.producer_version ?? '',
    doc_string: `${premade.producer_name ?? 'a premade'} model with a custom head`,
    graph,
    metadata_props: [...head.metadata_props, ...Object.entries(o.metadata ?? {}).map(([key, value]) => ({ key, value }))],
  };
  return type.encode(type.fromObject(model)).finish();
}
