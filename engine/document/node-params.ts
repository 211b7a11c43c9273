/**
 * Document operations that need the node catalogue: per-node param migrations by `typeVersion`,
 * and storing `file` params relative to the pipeline file.
 */
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import type { ValidationIssue } from '../engine-types.js';
import { errorMessage } from '../errors.js';
import { findDef, type NodeCatalog } from '../graph/connection-rules.js';
import type { ParamSpecs } from '../node-def.js';
import type { PipelineDocument } from './schema.js';

/**
 * Brings every node saved by an older `typeVersion` up to its def's version, one
 * `migrateParams(from, params)` step at a time. Pure: returns a new document plus a warning per
 * upgraded node. Unknown types and newer versions are left alone (the graph check reports them).
 *
 * @example
 * const { document, issues } = upgradeNodeParams(parsed, nodeDefs);
 */
export function upgradeNodeParams(doc: PipelineDocument, catalog: NodeCatalog): { document: PipelineDocument; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const nodes = doc.nodes.map((node, i) => {
    const def = findDef(catalog, node.type);
    if (!def || node.typeVersion >= def.typeVersion) return node;
    let params = structuredClone(node.params);
    for (let v = node.typeVersion; v < def.typeVersion; v++) params = def.migrateParams ? def.migrateParams(v, params) : params;
    const message = errorMessage('PARAMS_MIGRATED', node.type, node.typeVersion, def.typeVersion);
    issues.push({ code: 'PARAMS_MIGRATED', path: `nodes[${i}].typeVersion`, message, nodeId: node.id, severity: 'warning' });
    return { ...node, typeVersion: def.typeVersion, params };
  });
  return { document: { ...doc, nodes }, issues };
}

/** Names of `file` params, top-level or inside records, as [param, field?] pairs. */
function fileParams(specs: ParamSpecs): { name: string; field?: string; output: boolean }[] {
  const out: { name: string; field?: string; output: boolean }[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.kind === 'file') out.push({ name, output: spec.mode === 'output' });
    if (spec.kind === 'records') {
      for (const [field, f] of Object.entries(spec.fields)) if (f.kind === 'file') out.push({ name, field, output: f.mode === 'output' });
    }
  }
  return out;
}

/** Every file path a node's params name, with the param it came from (`data` or `steps[1].path`). */
export function nodeFilePaths(specs: ParamSpecs, params: Record<string, unknown>): { param: string; path: string; output: boolean }[] {
  const out: { param: string; path: string; output: boolean }[] = [];
  for (const f of fileParams(specs)) {
    const value = params[f.name];
    if (f.field === undefined) {
      if (typeof value === 'string' && value !== '') out.push({ param: f.name, path: value, output: f.output });
    } else if (Array.isArray(value)) {
      value.forEach((row, i) => {
        const v = (row as Record<string, unknown> | null)?.[f.field!];
        if (typeof v === 'string' && v !== '') out.push({ param: `${f.name}[${i}].${f.field}`, path: v, output: f.output });
      });
    }
  }
  return out;
}

/**
 * A path as the document stores it: relative to the pipeline folder (POSIX separators) when the file
 * is in that folder or below it, else absolute. A relative path that climbs out of the folder
 * (`../../data/x.csv`) breaks as soon as the folder is copied or shared; an absolute one at least
 * names the file the pipeline needs.
 */
export function toStoredPath(path: string, pipelineDir: string): string {
  if (!isAbsolute(path)) return path.split(sep).join(posix.sep);
  const rel = relative(pipelineDir, path);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return path;
  return rel.split(sep).join(posix.sep) || '.';
}

/**
 * The absolute path of a stored path: relative ones resolve against the pipeline file's folder
 * (or `fallbackDir`, the current folder, for an unsaved document).
 *
 * @example
 * resolveParamPath('data/iris.csv', '/home/ana/pipes') // '/home/ana/pipes/data/iris.csv'
 */
export function resolveParamPath(stored: string, pipelineDir: string | undefined, fallbackDir = process.cwd()): string {
  if (isAbsolute(stored)) return stored;
  return resolve(pipelineDir ?? fallbackDir, stored.split(posix.sep).join(sep));
}

/**
 * Rewrites every absolute `file` param as a path relative to `pipelineDir` (the folder the document
 * is being saved in), so the folder can be shared. Pure; unknown node types are left alone.
 *
 * @example
 * await writeFileAtomic(file, serializePipeline(relativizePaths(doc, nodeDefs, dirname(file))));
 */
export function relativizePaths(doc: PipelineDocument, catalog: NodeCatalog, pipelineDir: string): PipelineDocument {
  const nodes = doc.nodes.map((node) => {
    const def = findDef(catalog, node.type);
    if (!def) return node;
    const params = structuredClone(node.params);
    for (const f of fileParams(def.params)) {
      if (f.field === undefined) {
        if (typeof params[f.name] === 'string' && params[f.name] !== '') params[f.name] = toStoredPath(params[f.name] as string, pipelineDir);
      } else if (Array.isArray(params[f.name])) {
        for (const row of params[f.name] as Record<string, unknown>[]) {
          if (row && typeof row[f.field] === 'string' && row[f.field] !== '') row[f.field] = toStoredPath(row[f.field] as string, pipelineDir);
        }
      }
    }
    return { ...node, params };
  });
  return { ...doc, nodes };
}
