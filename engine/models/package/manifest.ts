/** The package's `manifest.json` and the parts a package is written from. */
import type { GateRuleOutcome } from '../../values.js';
import type { ModelRecipe } from '../model-recipe.js';
import type { ReferenceStats } from './reference-stats.js';
import type { JsonSchema } from './schemas.js';

export const PACKAGE_FORMAT = 'lifecycle-studio.model-package';
export const PACKAGE_FORMAT_VERSION = 1;
export const MANIFEST_JSON = 'manifest.json';

export interface PackageFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  formatVersion: typeof PACKAGE_FORMAT_VERSION;
  name: string;
  version: number;
  /** Supplied by the caller (the registry passes the registration time); left out of the package hash. */
  created?: string;
  /** 'prompt': a prompt for a chat model (prompt.json, no recipe, no ONNX); absent: a trained model. */
  kind?: 'prompt';
  task: 'classification' | 'regression' | 'text';
  target: string;
  labels: string[];
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  /** Every other file of the package: ONNX first, then the rest by name. */
  files: PackageFile[];
}

/** Where the model came from. `missing` names what the run could not tell, so a reader knows it is unknown, not empty. */
export interface Lineage {
  runId?: string;
  nodeId?: string;
  pipelineHash?: string;
  inputs: { role: string; table: string; rows: number; fingerprint: string }[];
  seed?: number;
  backend?: string;
  libraries: Record<string, string>;
  missing: string[];
}

export interface PackageParts {
  name: string;
  version: number;
  created?: string;
  /** The trained model folder: model.onnx, model.json + weights.bin, training.json are copied from it. */
  modelDir: string;
  /** Defaults to the recipe read from `modelDir`. */
  recipe?: ModelRecipe;
  lineage: Lineage;
  metrics?: Record<string, number>;
  gate?: { passed: boolean; rules: GateRuleOutcome[] };
  /** Model card files (Validate business goals writes model-card.md and .html). */
  cardFiles?: string[];
  referenceStats?: ReferenceStats;
}

/** Files copied from the model folder when present, in manifest order. */
// head.onnx and premade.onnx: a custom head's two graphs beside their composition (model.onnx), for the two-stage check.
export const MODEL_FILES = ['model.onnx', 'model.json', 'weights.bin', 'training.json', 'head.onnx', 'premade.onnx'] as const;
export const RECIPE_FILE = 'recipe.json';
export const LINEAGE_FILE = 'lineage.json';
export const METRICS_FILE = 'metrics.json';
export const REFERENCE_FILE = 'reference-stats.json';
