/** A saved version of a pipeline, as the workspace keeps it (engine/versions/version-store.ts). */
import type { PipelineDocument } from '../document/schema.js';

export interface PipelineVersion {
  /** `v-YYYYMMDD-HHMMSS-mmm-xxxx` (UTC): sorts by time as plain text. */
  versionId: string;
  /** The document's `id`: the history's key. */
  pipelineId: string;
  /** `pipelineVersionHash` of the document: what run records and model lineage name. */
  hash: string;
  /** Milliseconds since the epoch: when it was saved (for `on-disk`, the file's modification time). */
  savedAt: number;
  /** The OS user who saved it; absent for a file found on disk, whose editor the app cannot know. */
  user?: string;
  /** The file it was saved to (or found in). */
  path?: string;
  /** `save`: the app saved it. `on-disk`: the file held it before a save replaced it (a first save over a file, or an edit outside the app). */
  source: 'save' | 'on-disk';
  /** The document, with key-shaped text redacted as in run records. */
  document: PipelineDocument;
}
