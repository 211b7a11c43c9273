/**
 * Graph checks before a run: every problem of a parsed document against the node catalogue, each
 * with a catalogue code, a JSON path and the node or edge it is about, so the canvas can mark it.
 */
import type { PipelineDocument } from '../document/schema.js';
import type { ValidationIssue } from '../engine-types.js';
import { errorMessage, type ErrorCode } from '../errors.js';
import { catalogTypes, findDef, type NodeCatalog } from './connection-rules.js';
import { findCycles } from './graph-walk.js';
import { validateParams } from './param-validation.js';
import { suggestNames } from './suggest.js';

/**
 * Node ids that name a built-in property of every JavaScript object. Run records, events and the
 * window key their maps by node id; `__proto__` there silently vanishes, and `constructor` or
 * `toString` look present where nothing was set.
 */
const RESERVED_IDS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Extra edges into one input reported one by one, so the canvas marks them; past this, one summary issue. */
const LISTED_EXTRA_EDGES = 20;

function make(code: ErrorCode, path: string, message: string, ids: { nodeId?: string; edgeId?: string } = {}): ValidationIssue {
  return { code, path, message, severity: 'error', ...ids };
}

/**
 * Checks ids, node types, params, edges (unknown node or port, port kinds, two wires into one
 * input, self-loops), required inputs, and cycles. Returns all issues found; an empty list (or only
 * warnings) means the document can run.
 *
 * @example
 * const issues = validateGraph(doc, nodeDefs).filter((i) => i.severity === 'error');
 */
export function validateGraph(doc: PipelineDocument, catalog: NodeCatalog): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const nodeIndex = new Map<string, number>();
  doc.nodes.forEach((node, i) => {
    if (nodeIndex.has(node.id)) {
      issues.push(make('DUPLICATE_NODE_ID', `nodes[${i}].id`, errorMessage('DUPLICATE_NODE_ID', node.id), { nodeId: node.id }));
      return;
    }
    nodeIndex.set(node.id, i);
    if (RESERVED_IDS.has(node.id)) issues.push(make('RESERVED_ID', `nodes[${i}].id`, errorMessage('RESERVED_ID', node.id), { nodeId: node.id }));
    const def = findDef(catalog, node.type);
    if (!def) {
      const message = errorMessage('UNKNOWN_NODE_TYPE', node.type, suggestNames(node.type, catalogTypes(catalog)));
      issues.push(make('UNKNOWN_NODE_TYPE', `nodes[${i}].type`, message, { nodeId: node.id }));
      return;
    }
    if (node.typeVersion > def.typeVersion) {
      const message = errorMessage('NODE_TYPE_VERSION_NEWER', node.type, node.typeVersion, def.typeVersion);
      issues.push(make('NODE_TYPE_VERSION_NEWER', `nodes[${i}].typeVersion`, message, { nodeId: node.id }));
    }
    // A loop, not push(...list): a records param with many bad rows would overflow the stack.
    for (const found of validateParams(def, node.params, { path: `nodes[${i}].params`, nodeId: node.id })) issues.push(found);
  });

  const edgeIds = new Set<string>();
  const intoInput = new Map<string, number[]>();
  doc.edges.forEach((edge, i) => {
    const ids = { edgeId: edge.id, nodeId: edge.target.node };
    if (edgeIds.has(edge.id)) issues.push(make('DUPLICATE_EDGE_ID', `edges[${i}].id`, errorMessage('DUPLICATE_EDGE_ID', edge.id), ids));
    edgeIds.add(edge.id);
    const ends = { source: edge.source, target: edge.target } as const;
    const ports: { source?: { kind: string }; target?: { kind: string } } = {};
    for (const end of ['source', 'target'] as const) {
      const ref = ends[end];
      const index = nodeIndex.get(ref.node);
      if (index === undefined) {
        issues.push(make('EDGE_UNKNOWN_NODE', `edges[${i}].${end}.node`, errorMessage('EDGE_UNKNOWN_NODE', end, ref.node), { edgeId: edge.id }));
        continue;
      }
      const def = findDef(catalog, doc.nodes[index].type);
      if (!def) continue;
      const list = end === 'source' ? def.outputs : def.inputs;
      const spec = list.find((p) => p.name === ref.port);
      if (!spec) {
        const message = errorMessage(
          'EDGE_UNKNOWN_PORT',
          end,
          ref.node,
          ref.port,
          list.map((p) => p.name),
        );
        issues.push(make('EDGE_UNKNOWN_PORT', `edges[${i}].${end}.port`, message, { edgeId: edge.id, nodeId: ref.node }));
      } else ports[end] = spec;
    }
    if (edge.source.node === edge.target.node && nodeIndex.has(edge.source.node)) {
      issues.push(make('SELF_LOOP', `edges[${i}]`, errorMessage('SELF_LOOP', edge.source.node), ids));
    }
    if (ports.source && ports.target && ports.source.kind !== ports.target.kind) {
      const message = `${errorMessage('PORT_KIND_MISMATCH', ports.source.kind, ports.target.kind)} ("${edge.source.node}".${edge.source.port} -> "${edge.target.node}".${edge.target.port})`;
      issues.push(make('PORT_KIND_MISMATCH', `edges[${i}]`, message, ids));
    }
    const key = `${edge.target.node}\u0000${edge.target.port}`;
    const list = intoInput.get(key);
    if (list) list.push(i);
    else intoInput.set(key, [i]);
  });

  for (const [key, edgeIndexes] of intoInput) if (edgeIndexes.length > 1) reportExtraEdges(doc, key, edgeIndexes, issues);

  for (const [id, i] of nodeIndex) {
    const def = findDef(catalog, doc.nodes[i].type);
    if (!def) continue;
    for (const input of def.inputs) {
      if (input.optional || intoInput.has(`${id}\u0000${input.name}`)) continue;
      issues.push(make('MISSING_REQUIRED_INPUT', `nodes[${i}]`, errorMessage('MISSING_REQUIRED_INPUT', id, input.name, input.kind), { nodeId: id }));
    }
  }

  for (const cycle of findCycles(doc)) {
    if (cycle.length < 2) continue; // a self-loop is already reported above
    const i = nodeIndex.get(cycle[0]) ?? 0;
    issues.push(make('CYCLE', `nodes[${i}]`, errorMessage('CYCLE', cycle), { nodeId: cycle[0] }));
  }
  return issues;
}

/** The edges past the first into one input: each of the first few by itself, the rest in one issue. */
function reportExtraEdges(doc: PipelineDocument, key: string, edgeIndexes: readonly number[], issues: ValidationIssue[]): void {
  const [node, port] = key.split('\u0000');
  const message = errorMessage('INPUT_ALREADY_CONNECTED', node, port, edgeIndexes.length);
  const extra = edgeIndexes.slice(1);
  for (const i of extra.slice(0, LISTED_EXTRA_EDGES)) {
    issues.push(make('INPUT_ALREADY_CONNECTED', `edges[${i}].target`, message, { nodeId: node, edgeId: doc.edges[i].id }));
  }
  const rest = extra.slice(LISTED_EXTRA_EDGES);
  if (!rest.length) return;
  const summary = `${message}; besides the ${LISTED_EXTRA_EDGES} listed, ${rest.length} more extra edges (${extra.length} extra in all), from edges[${rest[0]}] on`;
  issues.push(make('INPUT_ALREADY_CONNECTED', `edges[${rest[0]}].target`, summary, { nodeId: node, edgeId: doc.edges[rest[0]].id }));
}

/** True when none of the issues is an error. */
export function canRun(issues: readonly ValidationIssue[]): boolean {
  return issues.every((i) => i.severity !== 'error');
}
