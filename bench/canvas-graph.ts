/**
 * The canvas bench's generated pipeline, at any size that is a multiple of its 25 columns, and the
 * same graph as bare React Flow nodes and edges for the reference page (bench/canvas-harness).
 */
import type { PipelineDocument } from '../engine/document/schema.js';
import { defaultParams, type NodeDef } from '../engine/node-def.js';
import { nodeDefs } from '../nodes/defs.js';

const COLUMNS = 25;
const KINDS = ['clean', 'encode-scale', 'clean', 'sql-transform'];

function def(type: string): NodeDef {
  const found = nodeDefs.find((d) => d.type === type);
  if (!found) throw new Error(`node type "${type}" is not in the catalogue`);
  return found as NodeDef;
}
const tableOut = (d: NodeDef) => d.outputs.find((p) => p.kind === 'table')!.name;
const typeAt = (c: number, r: number, rows: number) => (c === 0 ? 'import-dataset' : KINDS[(c * rows + r) % KINDS.length]);
const idAt = (c: number, r: number) => `n${c}-${r}`;

/**
 * 25 columns x (nodeCount / 25) rows. Column 0 imports; every later node takes its main input from
 * the node beside it in the previous column, and every fourth one is a SQL transform whose second
 * input comes from another node of that column: 1.2 edges per node (500 -> 600, 2,000 -> 2,400),
 * all table to table.
 */
export function generatePipeline(nodeCount: number): PipelineDocument {
  if (nodeCount <= 0 || nodeCount % COLUMNS !== 0) throw new Error(`NODES=${nodeCount}: the canvas bench needs a positive multiple of ${COLUMNS}`);
  const rows = nodeCount / COLUMNS;
  const nodes: PipelineDocument['nodes'] = [];
  const edges: PipelineDocument['edges'] = [];
  for (let c = 0; c < COLUMNS; c++) {
    for (let r = 0; r < rows; r++) {
      const d = def(typeAt(c, r, rows));
      const params = defaultParams(d.params) as Record<string, unknown>;
      if (d.type === 'import-dataset') params.path = `data/part-${r}.csv`;
      nodes.push({ id: idAt(c, r), type: d.type, typeVersion: d.typeVersion, params, position: { x: c * 320, y: r * 160 } });
      if (c === 0) continue;
      const inputs = d.inputs.filter((p) => p.kind === 'table');
      const from = (r0: number) => ({ node: idAt(c - 1, r0), port: tableOut(def(typeAt(c - 1, r0, rows))) });
      edges.push({ id: `e${edges.length}`, source: from(r), target: { node: idAt(c, r), port: inputs[0].name } });
      if (d.type === 'sql-transform') edges.push({ id: `e${edges.length}`, source: from((r + 7) % rows), target: { node: idAt(c, r), port: inputs[1].name } });
    }
  }
  return { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: `canvas-${nodeCount}`, name: `Canvas ${nodeCount}`, nodes, edges };
}

/** The same graph for bare React Flow: default nodes titled like the cards, smoothstep edges (as the app draws) between their one handle pair. */
export function bareGraph(doc: PipelineDocument): { nodes: unknown[]; edges: unknown[] } {
  return {
    nodes: doc.nodes.map((n) => ({ id: n.id, position: n.position, data: { label: def(n.type).title } })),
    edges: doc.edges.map((e) => ({ id: e.id, source: e.source.node, target: e.target.node, type: 'smoothstep' })),
  };
}

/** The files the pipeline's import nodes read, relative to the pipeline's folder. */
export function importPaths(doc: PipelineDocument): string[] {
  return doc.nodes.filter((n) => n.type === 'import-dataset').map((n) => String(n.params.path));
}
