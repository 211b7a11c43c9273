/**
 * The document a one-node run executes: the chosen node, with each of its wired inputs fed by a
 * portable input node reading the folder of that port instead of by the upstream node itself.
 */
import { portableInputType, PORTABLE_INPUT_PORT } from '../../../engine/artifacts/portable-input-nodes.js';
import type { PipelineDocument } from '../../../engine/document/schema.js';
import type { NodeDef, PortKind } from '../../../engine/node-def.js';

/** A problem with the step's command line, reported with exit code 2. */
export class StepInputError extends Error {}

/** The id of the stand-in feeding `port` (ids are free text up to 200 characters; this prefix is not one a user types). */
export const inputNodeId = (port: string) => `~input:${port}`;

/**
 * @example
 * stepDocument(doc, defs, 'train', { train: '/work/in/train' })
 */
export function stepDocument(doc: PipelineDocument, defs: readonly NodeDef[], nodeId: string, inputDirs: Record<string, string>): PipelineDocument {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) throw new StepInputError(`no node "${nodeId}" in this pipeline (its nodes: ${doc.nodes.map((n) => `"${n.id}"`).join(', ')})`);
  const def = defs.find((d) => d.type === node.type);
  if (!def) throw new StepInputError(`node "${nodeId}" has the unknown type "${node.type}"`);
  const wired = doc.edges.filter((e) => e.target.node === nodeId);
  const stand = wired.map((e) => {
    const dir = inputDirs[e.target.port];
    if (!dir) {
      throw new StepInputError(
        `input "${e.target.port}" of node "${nodeId}" (from "${e.source.node}".${e.source.port}) has no folder; pass --inputs DIR holding ${e.target.port}/ or --input ${e.target.port}=DIR`,
      );
    }
    const kind: PortKind = def.inputs.find((p) => p.name === e.target.port)?.kind ?? 'table';
    return {
      node: { id: inputNodeId(e.target.port), type: portableInputType(kind), typeVersion: 1, params: { dir }, position: { x: 0, y: 0 } },
      edge: { id: `~edge:${e.target.port}`, source: { node: inputNodeId(e.target.port), port: PORTABLE_INPUT_PORT }, target: e.target },
    };
  });
  // Triggers start whole runs; a step of a workflow has none.
  const { triggers: _triggers, ...rest } = doc;
  return { ...rest, nodes: [node, ...stand.map((s) => s.node)], edges: stand.map((s) => s.edge), notes: [] };
}
