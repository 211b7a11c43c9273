/**
 * What changed between two pipeline documents, in the app's own terms (a node added, `epochs`
 * 10 -> 20, an edge removed), for the Versions view and its summaries. Pure, and imports only
 * types, so the renderer runs it on the documents the host lists.
 *
 * Decisions: moves are grouped into one change ("Moved 3 nodes"): a layout tidy-up is worth
 * knowing about but not coordinate by coordinate; the viewport is ignored (it is where the window
 * was looking, not the pipeline); notes are counted, not quoted.
 */
import type { NodeDef } from '../node-def.js';
import type { PipelineDocument, PipelineEdge, PipelineNode } from './schema.js';

type Trigger = NonNullable<PipelineDocument['triggers']>[number];

export type PipelineChange =
  | { kind: 'pipeline-renamed'; from: string; to: string; text: string }
  | { kind: 'description-changed'; text: string }
  | { kind: 'node-added' | 'node-removed'; nodeId: string; name: string; type: string; text: string }
  | { kind: 'node-renamed'; nodeId: string; from: string; to: string; text: string }
  | { kind: 'node-upgraded'; nodeId: string; from: number; to: number; text: string }
  | { kind: 'param-changed'; nodeId: string; node: string; param: string; label: string; from: string; to: string; text: string }
  | { kind: 'edge-added' | 'edge-removed'; from: string; to: string; text: string }
  | { kind: 'nodes-moved'; nodeIds: string[]; text: string }
  | { kind: 'notes-changed'; added: number; removed: number; edited: number; text: string }
  | { kind: 'trigger-added' | 'trigger-removed' | 'trigger-changed'; triggerId: string; text: string };

/** Looks up a node type's definition (its title and param labels); undefined for an unknown type. */
export type DefLookup = (type: string) => Pick<NodeDef, 'title' | 'params'> | undefined;

const MAX_VALUE_CHARS = 60;

/** A param value as a person reads it: numbers and words bare, text quoted, lists and records as short JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** Canonical JSON (keys sorted) so that key order never reads as a change. */
function canon(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canon).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const same = (a: unknown, b: unknown) => canon(a) === canon(b);

/** Names nodes as the canvas does: label, else the type's title; a name two nodes share gets the id. */
function namer(docs: PipelineDocument[], defOf: DefLookup) {
  const base = (n: PipelineNode) => n.label?.trim() || defOf(n.type)?.title || n.type;
  const counts = new Map<string, Set<string>>();
  for (const doc of docs)
    for (const n of doc.nodes) {
      const ids = counts.get(base(n)) ?? new Set<string>();
      ids.add(n.id);
      counts.set(base(n), ids);
    }
  return (n: PipelineNode) => ((counts.get(base(n))?.size ?? 0) > 1 ? `${base(n)} (${n.id})` : base(n));
}

function paramChanges(a: PipelineNode, b: PipelineNode, node: string, defOf: DefLookup): PipelineChange[] {
  const def = defOf(b.type);
  const names = [...new Set([...Object.keys(def?.params ?? {}), ...Object.keys(a.params), ...Object.keys(b.params)])];
  const out: PipelineChange[] = [];
  for (const param of names) {
    const spec = def?.params[param];
    // A param left out reads as its default: writing the default down is not a change.
    const was = Object.hasOwn(a.params, param) ? a.params[param] : spec?.default;
    const now = Object.hasOwn(b.params, param) ? b.params[param] : spec?.default;
    if (same(was, now)) continue;
    const label = spec?.label ?? param;
    const from = showValue(was);
    const to = showValue(now);
    out.push({ kind: 'param-changed', nodeId: b.id, node, param, label, from, to, text: `${node}: ${label} ${from} -> ${to}` });
  }
  return out;
}

function nodeChanges(a: PipelineDocument, b: PipelineDocument, defOf: DefLookup, name: (n: PipelineNode) => string): PipelineChange[] {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  // A node whose type changed under the same id is another node: removed, then added.
  const kept = (n: PipelineNode) => before.get(n.id)?.type === n.type;
  const typeName = (type: string) => defOf(type)?.title ?? type;
  const removed = a.nodes.filter((n) => after.get(n.id)?.type !== n.type);
  const added = b.nodes.filter((n) => !kept(n));
  const out: PipelineChange[] = [
    ...removed.map((n) => ({
      kind: 'node-removed' as const,
      nodeId: n.id,
      name: name(n),
      type: n.type,
      text: `Removed node "${name(n)}" (${typeName(n.type)})`,
    })),
    ...added.map((n) => ({ kind: 'node-added' as const, nodeId: n.id, name: name(n), type: n.type, text: `Added node "${name(n)}" (${typeName(n.type)})` })),
  ];
  const moved: string[] = [];
  for (const n of b.nodes.filter(kept)) {
    const old = before.get(n.id)!;
    if (name(old) !== name(n))
      out.push({ kind: 'node-renamed', nodeId: n.id, from: name(old), to: name(n), text: `Renamed node "${name(old)}" to "${name(n)}"` });
    if (old.typeVersion !== n.typeVersion) {
      out.push({
        kind: 'node-upgraded',
        nodeId: n.id,
        from: old.typeVersion,
        to: n.typeVersion,
        text: `${name(n)}: upgraded from version ${old.typeVersion} to ${n.typeVersion}`,
      });
    }
    out.push(...paramChanges(old, n, name(n), defOf));
    if (old.position.x !== n.position.x || old.position.y !== n.position.y) moved.push(n.id);
  }
  if (moved.length) out.push({ kind: 'nodes-moved', nodeIds: moved, text: moved.length === 1 ? 'Moved 1 node' : `Moved ${moved.length} nodes` });
  return out;
}

function edgeChanges(a: PipelineDocument, b: PipelineDocument, name: (n: PipelineNode) => string): PipelineChange[] {
  const nodes = new Map([...a.nodes, ...b.nodes].map((n) => [n.id, n]));
  const end = (ref: PipelineEdge['source']) => `${nodes.has(ref.node) ? name(nodes.get(ref.node)!) : ref.node}.${ref.port}`;
  // An edge is its two ends: a wire drawn again between the same ports (a new id) is no change.
  const key = (e: PipelineEdge) => `${e.source.node}\u0000${e.source.port}\u0000${e.target.node}\u0000${e.target.port}`;
  const before = new Set(a.edges.map(key));
  const after = new Set(b.edges.map(key));
  const change = (kind: 'edge-added' | 'edge-removed', e: PipelineEdge): PipelineChange => ({
    kind,
    from: end(e.source),
    to: end(e.target),
    text: `${kind === 'edge-added' ? 'Added' : 'Removed'} edge ${end(e.source)} -> ${end(e.target)}`,
  });
  return [
    ...a.edges.filter((e) => !after.has(key(e))).map((e) => change('edge-removed', e)),
    ...b.edges.filter((e) => !before.has(key(e))).map((e) => change('edge-added', e)),
  ];
}

function noteChanges(a: PipelineDocument, b: PipelineDocument): PipelineChange[] {
  const before = new Map((a.notes ?? []).map((n) => [n.id, n]));
  const after = new Map((b.notes ?? []).map((n) => [n.id, n]));
  const added = [...after.keys()].filter((id) => !before.has(id)).length;
  const removed = [...before.keys()].filter((id) => !after.has(id)).length;
  const edited = [...after.entries()].filter(([id, n]) => before.has(id) && before.get(id)!.text !== n.text).length;
  if (!added && !removed && !edited) return [];
  const parts = [added && `${added} added`, edited && `${edited} edited`, removed && `${removed} removed`].filter(Boolean);
  return [{ kind: 'notes-changed', added, removed, edited, text: `Notes: ${parts.join(', ')}` }];
}

const triggerName = (t: Trigger) => t.label?.trim() || t.id;

function triggerChanges(a: PipelineDocument, b: PipelineDocument): PipelineChange[] {
  const before = new Map((a.triggers ?? []).map((t) => [t.id, t]));
  const after = new Map((b.triggers ?? []).map((t) => [t.id, t]));
  const out: PipelineChange[] = [];
  for (const t of a.triggers ?? [])
    if (!after.has(t.id)) out.push({ kind: 'trigger-removed', triggerId: t.id, text: `Removed trigger "${triggerName(t)}" (${t.kind})` });
  for (const t of b.triggers ?? []) {
    const old = before.get(t.id);
    if (!old) {
      out.push({ kind: 'trigger-added', triggerId: t.id, text: `Added trigger "${triggerName(t)}" (${t.kind}${t.enabled ? '' : ', off'})` });
      continue;
    }
    const was = old as Record<string, unknown>;
    const now = t as Record<string, unknown>;
    const rank = (f: string) => ['enabled', 'label'].indexOf(f) + 1 || 3;
    const fields = [...new Set([...Object.keys(was), ...Object.keys(now)])]
      .filter((f) => f !== 'id' && !same(was[f], now[f]))
      .sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
    const parts = fields.map((f) => (f === 'enabled' ? (t.enabled ? 'turned on' : 'turned off') : `${f} ${showValue(was[f])} -> ${showValue(now[f])}`));
    if (parts.length) out.push({ kind: 'trigger-changed', triggerId: t.id, text: `Trigger "${triggerName(t)}": ${parts.join(', ')}` });
  }
  return out;
}

/**
 * The changes that turn `a` into `b`, in reading order: the pipeline's name, nodes removed and
 * added, renames and params per node, edges, moves, notes, triggers.
 *
 * @example
 * diffPipelines(v1, v2, (t) => defsByType.get(t)).map((c) => c.text) // ['Train: Epochs 10 -> 20']
 */
export function diffPipelines(a: PipelineDocument, b: PipelineDocument, defOf: DefLookup = () => undefined): PipelineChange[] {
  const name = namer([a, b], defOf);
  const out: PipelineChange[] = [];
  if (a.name !== b.name) out.push({ kind: 'pipeline-renamed', from: a.name, to: b.name, text: `Renamed the pipeline "${a.name}" to "${b.name}"` });
  if ((a.description ?? '') !== (b.description ?? '')) out.push({ kind: 'description-changed', text: 'Changed the description' });
  const nodes = nodeChanges(a, b, defOf, name);
  const moves = nodes.filter((c) => c.kind === 'nodes-moved');
  out.push(...nodes.filter((c) => c.kind !== 'nodes-moved'), ...edgeChanges(a, b, name), ...moves, ...noteChanges(a, b), ...triggerChanges(a, b));
  return out;
}

const NOUNS: Partial<Record<PipelineChange['kind'], [string, string]>> = {
  'node-added': ['node added', 'nodes added'],
  'node-removed': ['node removed', 'nodes removed'],
  'node-renamed': ['node renamed', 'nodes renamed'],
  'param-changed': ['param changed', 'params changed'],
  'edge-added': ['edge added', 'edges added'],
  'edge-removed': ['edge removed', 'edges removed'],
  'trigger-added': ['trigger added', 'triggers added'],
  'trigger-removed': ['trigger removed', 'triggers removed'],
  'trigger-changed': ['trigger changed', 'triggers changed'],
};

/** One line for a list of versions: the change itself when there is one, else counts ("1 node added, 2 params changed"). */
export function summarizeChanges(changes: readonly PipelineChange[]): string {
  if (changes.length === 0) return 'No change to the pipeline';
  if (changes.length === 1) return changes[0].text;
  const counts = new Map<string, number>();
  const other: string[] = [];
  for (const c of changes) {
    const noun = NOUNS[c.kind];
    if (noun) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
    else other.push(c.kind === 'nodes-moved' ? 'layout changed' : c.text);
  }
  const counted = [...counts.entries()].map(([kind, n]) => `${n} ${NOUNS[kind as PipelineChange['kind']]![n === 1 ? 0 : 1]}`);
  return [...counted, ...other].join(', ');
}
