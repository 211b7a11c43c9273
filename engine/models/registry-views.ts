/**
 * What the window sees of the model registry (the `listModels`, `showModel` and `setModelStage`
 * requests): plain JSON, type-only for the renderer. Built by hosts/shared/models/model-handlers.ts.
 */
// No imports: the renderer type-checks this file without the Node types, which the package modules use.

/** A package file (manifest.json's `files`). */
export interface PackageFileView {
  path: string;
  sha256: string;
  bytes: number;
}

/** manifest.json, as package/manifest.ts's PackageManifest (which this must stay assignable from). */
export interface ManifestView {
  format: string;
  formatVersion: number;
  name: string;
  version: number;
  created?: string;
  task: 'classification' | 'regression' | 'text';
  target: string;
  labels: string[];
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  files: PackageFileView[];
}

/** lineage.json, as package/manifest.ts's Lineage. */
export interface LineageView {
  runId?: string;
  nodeId?: string;
  pipelineHash?: string;
  inputs: { role: string; table: string; rows: number; fingerprint: string }[];
  seed?: number;
  backend?: string;
  libraries: Record<string, string>;
  missing: string[];
}

export type ModelStage = 'none' | 'staging' | 'production' | 'archived';

export interface GateView {
  passed: boolean;
  rules: { rule: string; passed: boolean; measured?: number | null; message?: string }[];
}

/** One version as the list shows it: read from manifest.json and metrics.json only (no hashing). */
export interface ModelVersionSummary {
  version: number;
  stage: ModelStage;
  created?: string;
  task?: 'classification' | 'regression' | 'text';
  target?: string;
  /** metrics.json's metrics (Evaluate's numbers); empty when the pipeline had no Evaluate. */
  metrics: Record<string, number>;
  /** The business-goal gate's outcome; undefined when no gate ran. */
  gatePassed?: boolean;
  /** Why it has its stage: for a challenger registered as archived, the gate rules it failed. */
  reason?: string;
  /** Why this version could not be read (its manifest is missing or malformed); the rest of the list still shows. */
  problem?: string;
}

export interface RegisteredModel {
  name: string;
  versions: ModelVersionSummary[];
}

/** One column of the reference statistics, summarised for display. */
export interface ReferenceColumnView {
  name: string;
  type: string;
  kind: 'numeric' | 'categorical';
  missingShare: number;
  /** "min 17 · max 90" or "9 categories, top: Private (22696)". */
  summary: string;
}

/** One version in full, its package verified (every file's sha256). */
export interface ModelVersionDetail {
  name: string;
  version: number;
  stage: ModelStage;
  /** Why it has its stage (see ModelVersionSummary.reason). */
  reason?: string;
  hash: string;
  manifest: ManifestView;
  metrics: Record<string, number>;
  gate?: GateView;
  lineage: LineageView;
  /** The model card as written by Validate business goals; the window renders the markdown, as text, never as HTML. */
  card?: { markdown?: string; html?: string };
  reference?: { table: string; rows: number; columns: ReferenceColumnView[] };
  files: PackageFileView[];
}

/** A stage change `setModelStage` made (promoting to production also archives the previous one). */
export interface StageChange {
  version: number;
  from: ModelStage;
  to: ModelStage;
}
