/**
 * `--set` values as a workflow parameter gives them: plain text for a text-like param (so
 * `argo submit -p train-target=income` needs no JSON quotes, and a text "5" stays text), JSON for
 * the others (numbers, booleans, lists, records), as `run --set` reads them.
 */
import type { NodeDef } from '../../../engine/node-def.js';

const TEXT_KINDS = new Set(['text', 'select', 'file', 'secret', 'column']);

/**
 * Rewrites each `node.param=value` whose param is text-like so that `applySets` keeps the value as
 * text: a JSON string literal stays as given, anything else is quoted. Other sets pass unchanged.
 *
 * @example
 * typedSets(['train.target=5'], doc.nodes, defs) // ['train.target="5"']
 */
export function typedSets(sets: readonly string[], nodes: readonly { id: string; type: string }[], defs: readonly NodeDef[]): string[] {
  return sets.map((set) => {
    const eq = set.indexOf('=');
    const dot = set.indexOf('.');
    if (eq <= 0 || dot <= 0 || dot > eq) return set;
    const node = nodes.find((n) => n.id === set.slice(0, dot));
    const spec = defs.find((d) => d.type === node?.type)?.params[set.slice(dot + 1, eq)];
    if (!spec || !TEXT_KINDS.has(spec.kind)) return set;
    const value = set.slice(eq + 1);
    return isJsonString(value) ? set : `${set.slice(0, eq + 1)}${JSON.stringify(value)}`;
  });
}

function isJsonString(text: string): boolean {
  try {
    return typeof JSON.parse(text) === 'string';
  } catch {
    return false;
  }
}
