/**
 * Which problems stop which run. A problem of the document as a whole (schema, an unknown node type,
 * a cycle, duplicate ids, an edge to a missing node) stops every run. A problem of one node (its
 * params, its wiring) stops only the runs that would run that node: "Run node" on Split must not be
 * refused because an unconfigured Train hangs below it. Pure functions, bundled by the renderer too.
 */
import type { PipelineDocument } from '../document/schema.js';
import type { ValidationIssue } from '../engine-types.js';
import { closure } from './graph-walk.js';

/**
 * Codes that concern one node. Any other code (including codes added later) is treated as a
 * problem of the whole document, so an unknown problem never lets a run through.
 */
const NODE_SCOPED: ReadonlySet<string> = new Set([
  'PARAM_INVALID',
  'PARAM_RULE',
  'PARAMS_NOT_OBJECT',
  'MISSING_REQUIRED_INPUT',
  'INPUT_ALREADY_CONNECTED',
  'PORT_KIND_MISMATCH',
  'EDGE_UNKNOWN_PORT',
]);

type Graph = Pick<PipelineDocument, 'nodes' | 'edges'>;

/**
 * The node an issue belongs to for run scoping, or undefined for a problem of the whole document.
 * An edge problem belongs to the edge's target: that node is the one fed by the broken wire.
 */
export function issueScopeNode(issue: ValidationIssue, doc: Graph): string | undefined {
  if (!NODE_SCOPED.has(issue.code)) return undefined;
  const edge = issue.edgeId === undefined ? undefined : doc.edges.find((e) => e.id === issue.edgeId);
  const id = edge ? edge.target.node : issue.nodeId;
  return id !== undefined && doc.nodes.some((n) => n.id === id) ? id : undefined;
}

export interface ScopedIssues {
  /** Errors that stop this run: every document-level error, and node errors of nodes that will run. */
  blocking: ValidationIssue[];
  /** Errors of nodes that will not run, downgraded to warnings (still shown, not fatal). */
  outside: ValidationIssue[];
}

/**
 * Splits error issues by the set of nodes a run will run (see `targetNodes`). Warnings are ignored.
 *
 * @example
 * const { blocking, outside } = scopeIssues(issues, doc, targetNodes(doc, { mode: 'node', nodeId: 'split' }));
 */
export function scopeIssues(issues: readonly ValidationIssue[], doc: Graph, runNodes: ReadonlySet<string>): ScopedIssues {
  const blocking: ValidationIssue[] = [];
  const outside: ValidationIssue[] = [];
  for (const issue of issues) {
    if (issue.severity !== 'error') continue;
    const node = issueScopeNode(issue, doc);
    if (node !== undefined && !runNodes.has(node)) outside.push({ ...issue, severity: 'warning' });
    else blocking.push(issue);
  }
  return { blocking, outside };
}

/**
 * The nodes that can be planned despite node-level errors: all nodes except the broken ones and
 * everything downstream of them. Undefined when a document-level error leaves nothing plannable.
 */
export function runnableNodes(issues: readonly ValidationIssue[], doc: Graph): Set<string> | undefined {
  const broken = new Set<string>();
  for (const issue of issues) {
    if (issue.severity !== 'error') continue;
    const node = issueScopeNode(issue, doc);
    if (node === undefined) return undefined;
    broken.add(node);
  }
  const out = new Set(doc.nodes.map((n) => n.id));
  for (const id of broken) for (const down of closure(doc, id, 'down')) out.delete(down);
  return out;
}
