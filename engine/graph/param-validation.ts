/**
 * Param checks for a node, as a list of issues: the engine runs them before a run and the inspector
 * shows the same messages inline. Both are `parseParams`'s issues, so what is checked is what
 * `run()` receives. Imports only types and sibling graph files so the renderer can bundle it.
 */
import type { NodeDef } from '../node-def.js';
import type { ValidationIssue } from '../engine-types.js';
import { parseParams, withDefaults, type ParamIssueOptions } from './parse-params.js';

export { parseParams, withDefaults, type ParamIssueOptions };

/**
 * Checks a node's params against its def: limits, whole numbers, select options, required text,
 * file and column params, record rows, each only while visible (`showWhen`), then the def's rules
 * across params. Missing params count as their defaults; params the def does not know are warnings.
 *
 * @example
 * validateParams(splitDef, { ratio: '0,8' }, { path: 'nodes[3].params', nodeId: 'split' })
 * // [{ code: 'PARAM_INVALID', path: 'nodes[3].params.ratio', message: 'expected a number between 0 and 1, got "0,8"', ... }]
 */
export function validateParams(def: NodeDef, params: unknown, options: ParamIssueOptions = {}): ValidationIssue[] {
  return parseParams(def, params, options).issues;
}
