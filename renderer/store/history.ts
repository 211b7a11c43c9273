/**
 * Undo history as document snapshots. Consecutive edits that share a key within a short window
 * (a typing burst in one field, the frames of one drag) replace the newest step instead of adding
 * one, so one gesture is one undo step.
 */
import type { PipelineDocument } from '../../engine/document/schema.js';

/** Edits with the same key closer together than this merge into one undo step. */
export const COALESCE_MS = 1000;
const LIMIT = 200;

export interface HistoryState {
  past: readonly PipelineDocument[];
  future: readonly PipelineDocument[];
  /** Key and time of the newest step, for coalescing. */
  lastKey: string | null;
  lastAt: number;
}

/** A history with nothing to undo or redo. */
export const emptyHistory = (): HistoryState => ({ past: [], future: [], lastKey: null, lastAt: 0 });

/**
 * The history after replacing `current` by a new document. With `key`, an edit that follows an
 * edit of the same key within `COALESCE_MS` (or while `hold` is true) does not add a step.
 */
export function record(h: HistoryState, current: PipelineDocument, key: string | null, now: number, hold = false): HistoryState {
  const merge = key !== null && key === h.lastKey && (hold || now - h.lastAt < COALESCE_MS);
  if (merge) return { ...h, future: [], lastAt: now };
  const past = [...h.past, current];
  return { past: past.length > LIMIT ? past.slice(past.length - LIMIT) : past, future: [], lastKey: key, lastAt: now };
}

/** Steps back: returns the document to show and the new history, or null when nothing to undo. */
export function undo(h: HistoryState, current: PipelineDocument): [PipelineDocument, HistoryState] | null {
  if (h.past.length === 0) return null;
  const prev = h.past[h.past.length - 1];
  return [prev, { past: h.past.slice(0, -1), future: [current, ...h.future], lastKey: null, lastAt: 0 }];
}

/** Steps forward again after an undo. */
export function redo(h: HistoryState, current: PipelineDocument): [PipelineDocument, HistoryState] | null {
  if (h.future.length === 0) return null;
  const [next, ...rest] = h.future;
  return [next, { past: [...h.past, current], future: rest, lastKey: null, lastAt: 0 }];
}
