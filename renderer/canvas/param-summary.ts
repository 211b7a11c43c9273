/**
 * The one-line summary on a node card, built from the params a def lists in `summary`.
 */
import type { NodeDef } from '../../engine/node-def.js';

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.length <= 3 ? value.map(show).join(', ') : `${value.length} items`;
  if (typeof value === 'object') return '…';
  const text = String(value);
  // File paths: the file name is what identifies the node at a glance.
  const base = text.includes('/') || text.includes('\\') ? text.split(/[\\/]/).pop()! : text;
  return base.length > 32 ? `${base.slice(0, 31)}…` : base;
}

/** "3 rows × 2 columns" for a table param, without showing its cells. */
function tableSize(value: unknown): string {
  const t = value as { rows?: unknown; columns?: unknown } | null;
  if (!t || !Array.isArray(t.rows) || !Array.isArray(t.columns)) return '—';
  return `${t.rows.length} rows × ${t.columns.length} columns`;
}

/**
 * "label: value · label: value" for the def's summary params; select values show their option label.
 *
 * @example
 * paramSummary(trainDef, { target: 'price', epochs: 20 }) // 'Target column: price · Epochs: 20'
 */
export function paramSummary(def: NodeDef, params: Record<string, unknown>): string {
  return (def.summary ?? [])
    .map((name) => {
      const spec = def.params[name];
      if (!spec) return null;
      // A param the document leaves out runs with its default (engine/graph/parse-params.ts), so the card says that, not "—".
      const value = params[name] === undefined ? spec.default : params[name];
      let shown: string;
      if (spec.kind === 'select') shown = spec.options.find((o) => o.value === value)?.label ?? show(value);
      else if (spec.kind === 'records') shown = Array.isArray(value) ? String(value.length) : '—';
      else if (spec.kind === 'table') shown = tableSize(value);
      else shown = show(value);
      return `${spec.label}: ${shown}`;
    })
    .filter((s): s is string => s !== null)
    .join(' · ');
}
