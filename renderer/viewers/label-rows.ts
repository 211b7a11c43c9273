/**
 * The rows the labelling view walks through: each row's content key, the model's prediction and
 * confidence when the table is a scored table (predicted_<target>, probability_<class> columns, as
 * the Score node writes them), and the least-confident-first order. Pure, for the view and its tests.
 */
import { rowKeys } from '../../engine/labels/row-key.js';

export interface LabelRow {
  /** Position in the table. */
  index: number;
  key: string;
  cells: unknown[];
  prediction?: string;
  /** The highest class probability, 0..1. */
  confidence?: number;
}

export interface ScoredColumns {
  predicted?: number;
  /** Class name and column index of each probability column. */
  probabilities: { label: string; index: number }[];
}

/** Where the model's outputs sit in a table's columns; none for an unscored table. */
export function scoredColumns(names: readonly string[]): ScoredColumns {
  const predicted = names.findIndex((n) => n.startsWith('predicted_'));
  const probabilities = names.flatMap((n, index) => (n.startsWith('probability_') ? [{ label: n.slice('probability_'.length), index }] : []));
  return { ...(predicted >= 0 ? { predicted } : {}), probabilities };
}

/**
 * @example
 * labelRows(['text', 'predicted_y', 'probability_a', 'probability_b'], [['x', 'a', 0.6, 0.4]], 'label')[0]
 * // { index: 0, key: '…', cells: [...], prediction: 'a', confidence: 0.6 }
 */
export function labelRows(names: readonly string[], rows: readonly unknown[][], labelColumn: string): LabelRow[] {
  const keys = rowKeys(names, rows, labelColumn);
  const scored = scoredColumns(names);
  return rows.map((cells, index) => {
    const row: LabelRow = { index, key: keys[index], cells };
    if (scored.predicted !== undefined && cells[scored.predicted] !== null) row.prediction = String(cells[scored.predicted]);
    const probs = scored.probabilities.map((p) => cells[p.index]).filter((v): v is number => typeof v === 'number');
    if (probs.length) row.confidence = Math.max(...probs);
    return row;
  });
}

/** Least confident first; rows without a confidence last; ties keep table order. */
export function leastConfidentFirst(rows: readonly LabelRow[]): LabelRow[] {
  return [...rows].sort((a, b) => (a.confidence ?? Infinity) - (b.confidence ?? Infinity) || a.index - b.index);
}
