/**
 * Everything a document must pass before it runs, in one call: parse and migrate, upgrade node
 * params by typeVersion, then the graph checks against the catalogue.
 */
import { upgradeNodeParams } from '../document/node-params.js';
import { parsePipeline, type ParseResult } from '../document/parse.js';
import type { NodeCatalog } from './connection-rules.js';
import { validateGraph } from './validate-graph.js';

/**
 * `document` is present whenever the input is a well-formed pipeline (so the window can still open
 * it and mark the broken nodes); it may run only when no issue has severity 'error' (`canRun`).
 *
 * @example
 * const { document, issues } = checkPipeline(JSON.parse(text), nodeDefs);
 * if (!document || !canRun(issues)) return exit(2);
 */
export function checkPipeline(json: unknown, catalog: NodeCatalog): ParseResult {
  const parsed = parsePipeline(json);
  if (!parsed.document) return parsed;
  const upgraded = upgradeNodeParams(parsed.document, catalog);
  return { document: upgraded.document, issues: [...parsed.issues, ...upgraded.issues, ...validateGraph(upgraded.document, catalog)] };
}
