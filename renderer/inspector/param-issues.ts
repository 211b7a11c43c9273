/**
 * Param problems of a node, from the engine's own `parseParams` (the same issues, rules across
 * params included, that the engine gives before a run). Memoised per node object: documents are immutable, so an unchanged node is never
 * validated twice.
 */
import { parseParams } from '../../engine/graph/param-validation.js';
import type { ValidationIssue } from '../../engine/engine-types.js';
import type { PipelineNode } from '../../engine/document/schema.js';
import type { StudioState } from '../store/store-types.js';

const cache = new WeakMap<PipelineNode, ValidationIssue[]>();
const NONE: ValidationIssue[] = [];

/** Issues of one node's params; paths are relative, like `params.epochs` or `params.steps[0].value`. */
export function nodeParamIssues(state: Pick<StudioState, 'defsByType'>, node: PipelineNode | undefined): ValidationIssue[] {
  if (!node) return NONE;
  const def = state.defsByType.get(node.type);
  if (!def) return NONE;
  let issues = cache.get(node);
  if (!issues) {
    issues = parseParams(def, node.params, { nodeId: node.id }).issues;
    cache.set(node, issues);
  }
  return issues;
}

/** Error messages keyed by param path (`epochs`, `steps[0].value`); warnings are left out. */
export function errorsByPath(issues: readonly ValidationIssue[], severity: 'error' | 'warning' = 'error'): Map<string, string> {
  const out = new Map<string, string>();
  for (const issue of issues) {
    if (issue.severity !== severity) continue;
    out.set(issue.path.replace(/^params\.?/, ''), issue.message);
  }
  return out;
}

/**
 * Ids of nodes whose params have errors: the run controls refuse to run them (the engine would
 * refuse too, but the window says why before starting).
 */
export function selectInvalidNodeIds(state: Pick<StudioState, 'doc' | 'defsByType'>): string[] {
  return state.doc.nodes.filter((n) => nodeParamIssues(state, n).some((i) => i.severity === 'error')).map((n) => n.id);
}
