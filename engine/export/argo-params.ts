/**
 * Node params as workflow parameters, so `argo submit -p train-epochs=20` works like
 * `run --set train.epochs=20`: one parameter per param of every node (secrets and table params
 * excepted), named `<task>-<param>`, valued as the document sets it or the default. Text-like params
 * are plain text, the others JSON, as `run-node --set` reads them (hosts/shared/step/typed-sets.ts).
 */
import type { PipelineDocument } from '../document/schema.js';
import type { NodeDef } from '../node-def.js';
import { argoName } from './argo-names.js';

export interface WorkflowParam {
  /** The workflow parameter's name. */
  name: string;
  nodeId: string;
  param: string;
  value: string;
  description: string;
}

const TEXT_KINDS = new Set(['text', 'select', 'file', 'column']);
/** Secrets come from Kubernetes Secrets by name; a table param is data, not a setting. */
const NOT_PARAMETERS = new Set(['secret', 'table']);

/** @example workflowParams(doc, defs, tasks).find((p) => p.name === 'train-epochs')?.value // '5' */
export function workflowParams(doc: PipelineDocument, defs: readonly NodeDef[], tasks: ReadonlyMap<string, string>): WorkflowParam[] {
  const params: WorkflowParam[] = [];
  for (const node of doc.nodes) {
    const def = defs.find((d) => d.type === node.type);
    if (!def) continue;
    for (const [param, spec] of Object.entries(def.params)) {
      if (NOT_PARAMETERS.has(spec.kind)) continue;
      const value = Object.hasOwn(node.params, param) ? node.params[param] : spec.default;
      params.push({
        name: argoName(`${tasks.get(node.id)}-${param}`),
        nodeId: node.id,
        param,
        value: TEXT_KINDS.has(spec.kind) && typeof value === 'string' ? value : JSON.stringify(value),
        description: `${node.label ?? node.id}: ${spec.label} (${node.id}.${param})`,
      });
    }
  }
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name)) throw new Error(`two params would share the workflow parameter "${p.name}"; rename node "${p.nodeId}"`);
    seen.add(p.name);
  }
  return params;
}
