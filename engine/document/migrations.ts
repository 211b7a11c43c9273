/**
 * The document migration chain: one pure `vN -> vN+1` function per step, applied in order until
 * the document reaches `CURRENT_SCHEMA_VERSION`. A migration never validates; the zod schema runs
 * after the chain, so a migration only has to reshape what it recognises and leave the rest.
 */
import { CURRENT_SCHEMA_VERSION } from './schema.js';

type Json = Record<string, unknown>;

/** Upgrades a document of version `from` to `from + 1`. Must not mutate its argument. */
export type DocumentMigration = (doc: Json) => Json;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Splits a v0 edge end `"node:port"` at its last colon, since node ids may hold colons. */
function splitEnd(end: unknown): { node: unknown; port: unknown } {
  if (typeof end !== 'string') return { node: end, port: undefined };
  const at = end.lastIndexOf(':');
  return at < 0 ? { node: end, port: '' } : { node: end.slice(0, at), port: end.slice(at + 1) };
}

/**
 * v0 (the pre-release shape): nodes carry `kind` and `version` instead of `type` and `typeVersion`
 * and a flat `x`/`y`; edges are `{ from: "node:port", to: "node:port" }` without ids.
 */
const v0ToV1: DocumentMigration = (doc) => {
  const nodes = Array.isArray(doc.nodes)
    ? doc.nodes.map((n) => {
        if (!isObject(n)) return n;
        const { kind, version, x, y, ...rest } = n;
        return {
          ...rest,
          type: rest.type ?? kind,
          typeVersion: rest.typeVersion ?? version ?? 1,
          params: rest.params ?? {},
          position: rest.position ?? { x: typeof x === 'number' ? x : 0, y: typeof y === 'number' ? y : 0 },
        };
      })
    : doc.nodes;
  const edges = Array.isArray(doc.edges)
    ? doc.edges.map((e, i) => {
        if (!isObject(e) || !('from' in e || 'to' in e)) return e;
        const { from, to, ...rest } = e;
        return { id: rest.id ?? `e${i + 1}`, ...rest, source: splitEnd(from), target: splitEnd(to) };
      })
    : doc.edges;
  return { ...doc, schemaVersion: 1, nodes, edges };
};

/** `migrations[n]` upgrades version n to n + 1. */
export const documentMigrations: readonly DocumentMigration[] = [v0ToV1];

if (documentMigrations.length !== CURRENT_SCHEMA_VERSION) {
  throw new Error(`documentMigrations has ${documentMigrations.length} steps but CURRENT_SCHEMA_VERSION is ${CURRENT_SCHEMA_VERSION}`);
}

/**
 * Runs the chain from the document's own `schemaVersion` up to the current one.
 *
 * @example
 * const v1 = migrateDocument({ format, schemaVersion: 0, nodes: [...], edges: [...] }, 0);
 */
export function migrateDocument(doc: Json, from: number): Json {
  let current = doc;
  for (let v = from; v < CURRENT_SCHEMA_VERSION; v++) current = documentMigrations[v](current);
  return current;
}
