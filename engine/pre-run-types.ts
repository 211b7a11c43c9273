/**
 * The answer of the pre-run check (`preRunCheck`): what a pipeline needs that is missing, each with
 * the fix the window offers. Types only: the renderer imports them.
 */

/** One thing a run would fail on, and (by its kind) how the window fixes it. */
export type PreRunProblem =
  /** Fix: pick the file. `path` as stored, `resolved` where it was looked for. */
  | { kind: 'missing-file'; nodeId: string; param: string; path: string; resolved: string; message: string }
  /** Fix: set the secret (keychain on the desktop; an environment variable in the browser mode). */
  | { kind: 'missing-secret'; nodeId: string; param: string; name: string; message: string }
  /** Fix: allow `folder` for this pipeline file (`allowFolder`). */
  | { kind: 'folder-not-allowed'; nodeId: string; param: string; path: string; folder: string; output: boolean; message: string }
  /** Fix: allow `host` for this pipeline file (`allowHost`). */
  | { kind: 'host-not-allowed'; nodeId: string; param: string; host: string; message: string };

export interface PreRunCheck {
  problems: PreRunProblem[];
  /** Whether `setSecret` can store a value here; otherwise why not (the browser mode: use an environment variable). */
  secretStore: { writable: boolean; reason?: string };
}
