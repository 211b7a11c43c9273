/**
 * Reading a pipeline file for the headless commands: JSON parse errors, `--set` overrides and the
 * default workspace, each reported in the same `path: message` shape as document validation.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkDocumentBytes } from '../engine/document/limits.js';
import type { ValidationIssue } from '../engine/engine-types.js';
import type { NodeDef } from '../engine/node-def.js';

export interface LoadedFile {
  /** Absolute path of the pipeline file. */
  path: string;
  /** The parsed JSON, not yet validated. */
  raw: unknown;
}

const issue = (path: string, message: string, code = 'DOCUMENT_INVALID'): ValidationIssue => ({ code, path, message, severity: 'error' });

/**
 * Reads and parses the file; a missing file, one over the size limit (checked before reading) or
 * broken JSON comes back as an issue. A UTF-8 byte-order mark is accepted.
 */
export async function loadPipelineFile(file: string): Promise<{ file?: LoadedFile; issues: ValidationIssue[] }> {
  const path = resolve(file);
  let text: string;
  try {
    const tooBig = checkDocumentBytes((await stat(path)).size, file);
    if (tooBig) return { issues: [tooBig] };
    text = await readFile(path, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    return { issues: [issue(file, `cannot read the pipeline file (${reason})`, 'FILE_UNREADABLE')] };
  }
  try {
    return { file: { path, raw: JSON.parse(text) as unknown }, issues: [] };
  } catch (err) {
    return { issues: [issue(file, `not valid JSON: ${(err as Error).message}`, 'JSON_INVALID')] };
  }
}

/** A `--set` value: JSON when it parses (numbers, booleans, arrays), otherwise the plain string. */
export function parseSetValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Applies `--set <node>.<param>=<value>` overrides to the raw document, in place. The values are
 * then validated with the rest of the document, so a bad override reads like any other bad param.
 */
export function applySets(raw: unknown, sets: readonly string[], defs: readonly NodeDef[] = []): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const nodes = (raw as { nodes?: unknown } | null)?.nodes;
  sets.forEach((set, i) => {
    const where = `--set[${i}] "${set}"`;
    const eq = set.indexOf('=');
    const key = eq > 0 ? set.slice(0, eq) : '';
    const dot = key.indexOf('.');
    if (eq <= 0 || dot <= 0 || dot === key.length - 1) {
      issues.push(issue(where, 'expected <node>.<param>=<value>, e.g. split.testRatio=0.3', 'SET_INVALID'));
      return;
    }
    const nodeId = key.slice(0, dot);
    const param = key.slice(dot + 1);
    const list = Array.isArray(nodes) ? (nodes as { id?: unknown; params?: unknown }[]) : [];
    const node = list.find((n) => n?.id === nodeId);
    if (!node) {
      const ids = list.map((n) => `"${String(n?.id)}"`).join(', ');
      issues.push(issue(where, `no node with id "${nodeId}" in this pipeline${ids ? ` (its nodes: ${ids})` : ''}`, 'SET_UNKNOWN_NODE'));
      return;
    }
    // A document may carry unknown params (kept as warnings), but a typo typed on the command line
    // is a mistake the user can fix right now: refuse it and list what the node accepts.
    const def = defs.find((d) => d.type === (node as { type?: unknown }).type);
    if (def && !Object.hasOwn(def.params, param)) {
      const known = Object.keys(def.params).join(', ');
      issues.push(issue(where, `"${param}" is not a param of node "${nodeId}" (${def.type}); its params: ${known}`, 'SET_UNKNOWN_PARAM'));
      return;
    }
    if (typeof node.params !== 'object' || node.params === null || Array.isArray(node.params)) node.params = {};
    (node.params as Record<string, unknown>)[param] = parseSetValue(set.slice(eq + 1));
  });
  return issues;
}

/** `.lifecycle-studio/` beside the pipeline file, unless `--workspace` says otherwise. */
export function defaultWorkspace(pipelinePath: string): string {
  return join(dirname(pipelinePath), '.lifecycle-studio');
}

/**
 * Secret values the document names, read from the environment (the CLI's keychain). Only the
 * names that secret params actually hold are passed on, never the whole environment.
 */
export function secretsFromEnv(
  nodes: readonly { type: string; params: Record<string, unknown> }[],
  defs: readonly NodeDef[],
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const node of nodes) {
    const def = defs.find((d) => d.type === node.type);
    if (!def) continue;
    for (const [name, spec] of Object.entries(def.params)) {
      if (spec.kind !== 'secret') continue;
      const secretName = node.params[name] ?? spec.default;
      if (typeof secretName === 'string' && secretName && env[secretName] !== undefined) secrets[secretName] = env[secretName];
    }
  }
  return secrets;
}

/** One issue as the CLI prints it: `path: message`. */
export function formatIssue(i: ValidationIssue): string {
  return `${i.severity === 'warning' ? 'warning: ' : ''}${i.path || '(document)'}: ${i.message}`;
}
