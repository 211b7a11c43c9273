/**
 * Issues in words a user recognises: the node by its title and label (as on its card), the param by
 * its label, instead of a JSON path like `nodes[3].params.target`. The path stays in the issue
 * itself for machines. Imports only types and pure modules, so the renderer can bundle it.
 */
import type { PipelineDocument, PipelineNode } from '../document/schema.js';
import type { ValidationIssue } from '../engine-types.js';
import { findDef, type NodeCatalog } from './connection-rules.js';

/**
 * A node as the user sees it: `Train model "Churn model" (train-2)`, or `Train model (train-2)`
 * when it has no label.
 */
export function nodeName(node: Pick<PipelineNode, 'id' | 'type' | 'label'>, catalog: NodeCatalog): string {
  const title = findDef(catalog, node.type)?.title ?? node.type;
  return node.label ? `${title} "${node.label}" (${node.id})` : `${title} (${node.id})`;
}

const PARAM_PATH = /^nodes\[\d+\]\.params\.([A-Za-z0-9_$]+)(.*)$/;

/** `Test ratio: ` for a param issue whose message does not already start with the param's label. */
function paramPart(issue: ValidationIssue, node: PipelineNode, catalog: NodeCatalog): string {
  const match = PARAM_PATH.exec(issue.path);
  if (!match) return '';
  const [, name, rest] = match;
  const label = findDef(catalog, node.type)?.params[name]?.label ?? name;
  return issue.message.startsWith(label) ? '' : `${label}${rest}: `;
}

/**
 * One line naming the node and param an issue is about; issues that are not about one node keep
 * their JSON path (`schemaVersion: ...`).
 *
 * @example
 * describeIssue(issue, doc, nodeDefs) // 'Train model "Train" (train-2): Target column is required: choose a column'
 */
export function describeIssue(issue: ValidationIssue, doc: Pick<PipelineDocument, 'nodes'> | undefined, catalog: NodeCatalog): string {
  const warn = issue.severity === 'warning' ? 'warning: ' : '';
  const node = issue.nodeId === undefined ? undefined : doc?.nodes.find((n) => n.id === issue.nodeId);
  if (!node) return `${warn}${issue.path || '(document)'}: ${issue.message}`;
  return `${warn}${nodeName(node, catalog)}: ${paramPart(issue, node, catalog)}${issue.message}`;
}
