/**
 * A label set: labels given by hand to table rows, kept in the workspace (`labels/<name>.json`)
 * and keyed by the rows' content (`row-key.ts`), so a re-run of the pipeline upstream, which makes
 * new tables with the same rows in any order, keeps them. Types and patterns only, so the request
 * table, the window and the engine share them.
 */

/** A label set's name: also its file name, so no path separators or dots in front. */
export const LABEL_SET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A row key: 16 hex digits. */
export const ROW_KEY = /^[0-9a-f]{16}$/;
/** Classes a set may have: the number keys 1 to 9 pick them. */
export const MAX_LABEL_CLASSES = 9;
export const MAX_LABEL_CHARS = 200;

export interface LabelSet {
  name: string;
  /** The column the labels go in (the Labels node's default). */
  column: string;
  /** The classes in number-key order (key 1 is classes[0]). */
  classes: string[];
  /** Label by row key. */
  labels: Record<string, string>;
  /** Epoch ms of the last write; 0 for a set never written. */
  updatedAt: number;
}

/** One edit from the labelling view: a label set, or removed (null, undo of a first label). */
export interface LabelChange {
  key: string;
  label: string | null;
}

export interface LabelWrite {
  column?: string;
  classes?: string[];
  changes: LabelChange[];
}
