/**
 * What flows along edges. Every value is plain JSON so it can be cached on disk, sent across the
 * engine process boundary and shown by the window; heavy payloads stay in DuckDB or in artifact
 * files and are referenced by name or path.
 */
import type { RecipeStep } from './models/recipe-steps.js';
import type { PortKind } from './node-def.js';

export interface ColumnInfo {
  name: string;
  /** DuckDB logical type name, e.g. VARCHAR, DOUBLE, BIGINT, BOOLEAN, DATE. */
  type: string;
}

export interface TableValue {
  kind: 'table';
  /** DuckDB table name in the workspace database; owned by the cache entry that made it. */
  table: string;
  rowCount: number;
  columns: ColumnInfo[];
  /** The prepare steps (with their fitted values) that produced this table, replayable on new data. */
  fitted?: RecipeStep[];
}

export interface ModelValue {
  kind: 'model';
  /** Directory holding the model files (model.json + weights.bin, model.onnx, recipe.json). */
  dir: string;
  /** 'onnx-premade': an ONNX file someone else trained, scored through `premade` (the Premade model node). */
  format: 'tfjs' | 'onnx' | 'llm' | 'onnx-premade';
  task?: 'classification' | 'regression' | 'text';
  target?: string;
  features?: ColumnInfo[];
  labels?: string[];
  /** The training table's `fitted` recipe (also in the model folder's recipe.json); scoring replays it on raw rows. */
  fitted?: RecipeStep[];
  /**
   * The model package in `dir` (engine/models/package): version 0 from Train (not registered), the
   * registry's version from Registered model. Absent for a model folder older than packages.
   */
  package?: { name: string; version: number; hash: string; stage?: string };
  /** Free-form summary shown in the inspector (layers, parameters, backend). */
  summary: Record<string, string | number | boolean>;
  /** For format 'onnx-premade': how table columns reach the model and what its outputs mean (also `premade.json` in `dir`). */
  premade?: PremadeModelSpec;
  /** For format 'llm': the prompt the Prompt node ran (also `prompt.json` in `dir`); the API key by name only. */
  prompt?: PromptModelSpec;
  /** For format 'llm' from the Fine-tune node: the job and the model it made (also `fine-tune.json` in `dir`). */
  fineTune?: FineTuneSpec;
}

/** A fine-tuning run: the provider, the base model and, once the job succeeded, the model it made (a Prompt variant's model). */
export interface FineTuneSpec {
  provider: 'openai' | 'azure' | 'compatible';
  baseUrl: string;
  baseModel: string;
  /** The fine-tuned model's name; null when the node only exported the training file. */
  model: string | null;
  jobId: string | null;
  trainingFile: string;
  validationFile?: string;
}

/** What packaging and serving a prompt need: never a key, only the secret's name. */
export interface PromptModelSpec {
  provider: 'openai' | 'azure' | 'compatible';
  baseUrl: string;
  azureApiVersion?: string;
  model: string;
  apiKeyName: string;
  /** `model`: the variant's own model when it is not the spec's (a fine-tuned one). */
  variants: { name: string; system: string; template: string; model?: string }[];
  /** The table columns the templates use, the inputs of a served prompt. */
  placeholders: string[];
  outputMode: 'text' | 'label' | 'json';
  labels?: string[];
  jsonSchema?: string;
  sampling: { temperature: number; maxTokens: number; seed?: number };
  /** Few-shot examples shown before each row: their rows (JSON values) and the column holding the answer. */
  examples?: { answerColumn: string; rows: Record<string, unknown>[] };
  /** USD per 1M tokens for `model`, from the node's price table; absent when the table has no price for it. */
  price?: { input: number; output: number };
  /** In a package: the variant served (one of `variants`). */
  variant?: string;
}

/** What a premade ONNX model needs besides its file to score raw rows again (packaging, serving). */
export interface PremadeModelSpec {
  /** The ONNX file inside the model's `dir` (a copy of the one the user picked). */
  onnxFile: string;
  /** The path the user picked, for the record. */
  source: string;
  sha256: string;
  /** Per model input, in signature order: its element type, the columns feeding it in order, the dims after the batch one. */
  inputs: { input: string; elemType: string; columns: string[]; inner: number[] }[];
  task: 'classification' | 'regression' | 'none';
  /** The output predictions are read from; a width-1 output with two labels is the probability of the second. */
  scoreOutput?: string;
  labels?: string[];
  /** Outputs kept whole as list columns. */
  keepOutputs: string[];
  /** Missing values in mapped columns: left unscored, or filled with these SQL literal values per column. */
  missing: { rule: string; fills: Record<string, string> };
}

/** Charts a node reports; the window draws them without knowing which node made them. */
export type Chart =
  | { type: 'line'; id: string; title: string; x: string; series: { name: string; points: [number, number][] }[] }
  | { type: 'heatmap'; id: string; title: string; xLabels: string[]; yLabels: string[]; values: number[][]; xTitle?: string; yTitle?: string }
  | { type: 'curve'; id: string; title: string; xTitle: string; yTitle: string; series: { name: string; points: [number, number][]; area?: number }[] }
  | { type: 'scatter'; id: string; title: string; xTitle: string; yTitle: string; points: [number, number][] }
  /** `errors`: a spread drawn as a whisker of +/- that much around each bar (Explain's importance std). */
  | { type: 'bars'; id: string; title: string; labels: string[]; series: { name: string; values: number[]; errors?: number[] }[] }
  /** A start value, then signed steps that add up to the total (Explain's per-row attributions). */
  | { type: 'waterfall'; id: string; title: string; baseLabel: string; base: number; steps: { label: string; value: number }[]; totalLabel: string }
  /** Rows x columns of text cells, each marked passed or failed (Evaluate's prompt variants, as promptfoo shows them). */
  | { type: 'matrix'; id: string; title: string; columns: string[]; rows: { label: string; cells: { text: string; passed: boolean }[] }[] };

export interface MetricsValue {
  kind: 'metrics';
  task?: 'classification' | 'regression' | 'text';
  /** Headline figures: accuracy, f1_macro, rmse, r2, ... */
  metrics: Record<string, number>;
  /** Per-class or per-group figures, e.g. { ">50K": { precision: 0.7, recall: 0.6 } }. */
  groups?: Record<string, Record<string, number>>;
  charts?: Chart[];
}

export interface GateRuleOutcome {
  rule: string;
  passed: boolean;
  measured: number | null;
  message: string;
}

export interface ReportValue {
  kind: 'report';
  title: string;
  /** Files written by the node (model card .md/.html), absolute paths. */
  files: { name: string; path: string; mediaType: string }[];
  /** Present for business-goal gates: a failed gate blocks nodes with `requiresPassingGate`. */
  gate?: { passed: boolean; rules: GateRuleOutcome[] };
  markdown?: string;
}

/**
 * A running model server, as Deploy outputs it. The service itself belongs to the workspace's service
 * registry (hosts/shared/services), not to the run: this value only names it.
 */
export interface EndpointValue {
  kind: 'endpoint';
  /** Base URL, e.g. http://127.0.0.1:43117 (no trailing slash). */
  url: string;
  routes: string[];
  pid?: number;
  /** The service registry's id for it. */
  serviceId?: string;
  /** The model name and registry version it serves. */
  model?: string;
  version?: string;
  /** The folder of its prediction log (predictions.jsonl and rotated predictions-<n>.jsonl). */
  logDir?: string;
}

export type PortValue = TableValue | ModelValue | MetricsValue | ReportValue | EndpointValue;

export type PortValueOf<K extends PortKind> = Extract<PortValue, { kind: K }>;

/** Short description of a value for event payloads, edge tooltips and run records. */
export interface ValueSummary {
  kind: PortKind;
  text: string;
  rowCount?: number;
  columns?: ColumnInfo[];
  metrics?: Record<string, number>;
  /** DuckDB table of a table value, so the window can page it before the run record is written. */
  table?: string;
}
