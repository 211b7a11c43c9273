/**
 * Why a node runs or is reused, in words the node card can show. Compares what the node would be
 * keyed on now with what it was keyed on last time (the cache index keeps that per node id).
 */
import type { CacheReason } from '../events.js';
import { canonicalJson } from './fingerprint.js';

/** What went into one node's cache key, kept in the index so the next run can say what changed. */
export interface KeyMaterial {
  key: string;
  type: string;
  typeVersion: number;
  params: Record<string, unknown>;
  /** Input port -> the upstream node, its port, and its cache key. */
  inputs: Record<string, { node: string; port: string; key: string }>;
  /** File param (e.g. `path` or `steps[1].path`) -> its stored path and fingerprint. */
  files: Record<string, { path: string; fingerprint: string }>;
}

/** Lists the names whose values differ between two records, in sorted order. */
function changedKeys<T>(before: Record<string, T>, after: Record<string, T>, same: (a: T, b: T) => boolean): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => !(n in before) || !(n in after) || !same(before[n], after[n])).sort();
}

const equalJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * The reason a node must run, comparing its current key material with the previous one recorded
 * for the same node id. Lists every kind of change found; `code` names the first (params, then
 * upstream, then files, then version).
 */
export function explainChange(previous: KeyMaterial | undefined, current: KeyMaterial): CacheReason {
  if (!previous) return { decision: 'run', code: 'no-previous-run', message: 'first run of this node' };
  const parts: { code: string; text: string; changed: string[] }[] = [];
  if (previous.type !== current.type || previous.typeVersion !== current.typeVersion) {
    parts.push({
      code: 'version-changed',
      text: `node type changed (${previous.type} v${previous.typeVersion} -> ${current.type} v${current.typeVersion})`,
      changed: [],
    });
  }
  const params = changedKeys(previous.params, current.params, equalJson);
  if (params.length) parts.push({ code: 'params-changed', text: `params changed: ${params.join(', ')}`, changed: params });
  const ports = changedKeys(previous.inputs, current.inputs, equalJson);
  if (ports.length) {
    const nodes = [...new Set(ports.map((p) => current.inputs[p]?.node ?? previous.inputs[p]?.node))].sort();
    parts.push({ code: 'input-changed', text: `upstream changed: ${nodes.join(', ')}`, changed: nodes });
  }
  const files = changedKeys(previous.files, current.files, (a, b) => a.fingerprint === b.fingerprint && a.path === b.path);
  if (files.length) {
    const paths = files.map((f) => current.files[f]?.path ?? previous.files[f]?.path);
    parts.push({ code: 'file-changed', text: `input file changed: ${paths.join(', ')}`, changed: paths });
  }
  if (!parts.length) {
    // Same material, different key: the engine's cache format moved on.
    return { decision: 'run', code: 'version-changed', message: 'the engine cache format changed since the last run' };
  }
  // Version changes are listed first in the text but params/upstream/file are the more useful code.
  const main = parts.find((p) => p.code !== 'version-changed') ?? parts[0];
  return { decision: 'run', code: main.code, message: parts.map((p) => p.text).join('; '), changed: parts.flatMap((p) => p.changed) };
}
