/**
 * The node-type contract: what a node is, as data. Engine, canvas, palette and inspector all read
 * the same `NodeDef`; nothing about a node is declared anywhere else. This file must stay free of
 * runtime imports so the renderer can load it without pulling in DuckDB or TensorFlow.js.
 */

export const STAGES = ['prepare', 'train', 'validate', 'package', 'deploy', 'monitor', 'premade', 'prompt'] as const;
export type Stage = (typeof STAGES)[number];

export const PORT_KINDS = ['table', 'model', 'metrics', 'endpoint', 'report'] as const;
export type PortKind = (typeof PORT_KINDS)[number];

export interface PortSpec {
  /** Stable id used in edges; never shown to users. */
  readonly name: string;
  readonly kind: PortKind;
  readonly label: string;
  /** An input that may stay unconnected. Outputs ignore it. */
  readonly optional?: boolean;
  readonly description?: string;
}

/**
 * A visibility rule: the param is shown (and validated) only when every listed sibling param
 * has one of the given values. Evaluated by `isParamVisible` on both sides.
 */
export type ShowWhen = Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>>;

interface ParamBase {
  readonly label: string;
  readonly help?: string;
  readonly showWhen?: ShowWhen;
  /** Inspector section; params without one go in the main section. */
  readonly group?: string;
  /** Hidden from the card summary and the basic inspector view. */
  readonly advanced?: boolean;
}

export interface NumberParam extends ParamBase {
  readonly kind: 'number';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
}
export interface IntegerParam extends ParamBase {
  readonly kind: 'integer';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
}
export interface BooleanParam extends ParamBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}
export interface SelectOption<V extends string = string> {
  readonly value: V;
  readonly label: string;
}
export interface SelectParam<V extends string = string> extends ParamBase {
  readonly kind: 'select';
  readonly options: readonly SelectOption<V>[];
  readonly default: V;
}
export interface TextParam extends ParamBase {
  readonly kind: 'text';
  readonly default: string;
  readonly multiline?: boolean;
  /** Code editors (SQL, prompt templates) get a monospace area. */
  readonly language?: 'sql' | 'markdown' | 'plain';
  readonly placeholder?: string;
  /** Empty is an error when true. */
  readonly required?: boolean;
  /** An address a server binds: one other than loopback must be allowed by the user (engine/security/run-hosts.ts). */
  readonly bindAddress?: boolean;
}
/** A list of free strings (column names for a header-less file, missing-value markers). */
export interface ListParam extends ParamBase {
  readonly kind: 'list';
  /** Numbers only with `integerItems`. */
  readonly default: readonly (string | number)[];
  readonly placeholder?: string;
  /** Each item holds whole numbers in this range, separated by commas or spaces ("64" or "64, 32"). */
  readonly integerItems?: { readonly min: number; readonly max: number };
}
/** A path, stored relative to the pipeline file. */
export interface FileParam extends ParamBase {
  readonly kind: 'file';
  readonly default: string;
  readonly extensions?: readonly string[];
  readonly required?: boolean;
  /** The engine fingerprints the file for the cache key unless this is 'output'. */
  readonly mode?: 'input' | 'output';
}
/** Stores the NAME of a secret (e.g. OPENAI_API_KEY); the value comes from the keychain or env. */
export interface SecretParam extends ParamBase {
  readonly kind: 'secret';
  readonly default: string;
}
/** One column of the table arriving at input `port`; the inspector fills choices from its schema. */
export interface ColumnParam extends ParamBase {
  readonly kind: 'column';
  readonly port: string;
  readonly default: string;
  readonly required?: boolean;
}
export interface ColumnsParam extends ParamBase {
  readonly kind: 'columns';
  readonly port: string;
  readonly default: readonly string[];
  /** A sibling `column` param whose choice is not offered here (Train's target among its features). */
  readonly exclude?: string;
}
/**
 * A list of structured rows (clean steps, filter conditions, business rules). Each row is a small
 * form of simple params; `showWhen` inside `fields` refers to siblings in the same row.
 */
export interface RecordsParam<F extends SimpleParamSpecs = SimpleParamSpecs> extends ParamBase {
  readonly kind: 'records';
  readonly fields: F;
  readonly default: readonly ParamValues<F>[];
  /** Label for the add button, e.g. "Add step". */
  readonly itemLabel?: string;
}

/** Types a cell of a `table` param can hold; each becomes a DuckDB column type (see engine/graph/table-param.ts). */
export const TABLE_CELL_TYPES = ['text', 'integer', 'number', 'boolean', 'date'] as const;
export type TableCellType = (typeof TABLE_CELL_TYPES)[number];
/**
 * A small table typed or pasted in the window and kept in the document: typed columns, cells as
 * the user typed them ('' or null is a missing value). Size limits in `TABLE_PARAM_LIMITS`.
 */
export interface TableData {
  readonly columns: readonly { readonly name: string; readonly type: TableCellType }[];
  readonly rows: readonly (readonly (string | null)[])[];
}
export interface TableParam extends ParamBase {
  readonly kind: 'table';
  readonly default: TableData;
}

export type SimpleParamSpec =
  NumberParam | IntegerParam | BooleanParam | SelectParam | TextParam | ListParam | FileParam | SecretParam | ColumnParam | ColumnsParam;
export type ParamSpec = SimpleParamSpec | RecordsParam | TableParam;
export type SimpleParamSpecs = Readonly<Record<string, SimpleParamSpec>>;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;
export type ParamKind = ParamSpec['kind'];

/**
 * The TypeScript value a param spec produces once parsed (`parseParams`); `run()` receives these
 * without casts. A list with `integerItems` parses to its whole numbers ("64, 32" and "16" give [64, 32, 16]).
 */
export type ParamValue<P> = P extends { kind: 'number' | 'integer' }
  ? number
  : P extends { kind: 'list'; integerItems: object }
    ? number[]
    : P extends { kind: 'boolean' }
      ? boolean
      : P extends { kind: 'select'; options: readonly SelectOption<infer V>[] }
        ? V
        : P extends { kind: 'list' | 'columns' }
          ? string[]
          : P extends { kind: 'records'; fields: infer F }
            ? ParamValues<F & SimpleParamSpecs>[]
            : P extends { kind: 'table' }
              ? TableData
              : string;

export type ParamValues<PS> = { -readonly [K in keyof PS]: ParamValue<PS[K]> };

/**
 * A rule across params (split's test and validation shares below 1 together). Pure functions of
 * the parsed values, so the engine and the inspector evaluate the same rule before any run; it is
 * checked only while every param it names is visible and valid, and reported on each of them.
 */
export interface ParamRule<P extends ParamSpecs = ParamSpecs> {
  readonly params: readonly (keyof P & string)[];
  /** True when the values are fine. */
  check(values: ParamValues<P>): boolean;
  /** The problem in plain words, with the values, and how to fix it. */
  message(values: ParamValues<P>): string;
}

export interface NodeDef<P extends ParamSpecs = ParamSpecs> {
  readonly type: string;
  readonly typeVersion: number;
  readonly title: string;
  readonly stage: Stage;
  /** Icon name from the renderer's icon set (see renderer/icons). */
  readonly icon: string;
  /** One or two plain sentences for the palette and the inspector. */
  readonly description: string;
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
  readonly params: P;
  /** Rules across params, checked with the params themselves (see `ParamRule`). */
  readonly rules?: readonly ParamRule<P>[];
  /** Params shown as the one-line summary on the node card. */
  readonly summary?: readonly (keyof P & string)[];
  /**
   * Nodes that must not run when an upstream business-goal gate failed (package, deploy).
   * The engine marks them `blocked` instead of running them. A function decides from the node's
   * params (Package model's "register as archived" runs on a failed gate to record the refusal).
   */
  readonly requiresPassingGate?: boolean | ((params: Readonly<Record<string, unknown>>) => boolean);
  /**
   * The `file` param whose file the engine can describe before any run (an ONNX model's signature):
   * the inspector asks with the `describeNodeFile` request as soon as the file is chosen. The node's
   * `NodeImpl.describe` answers.
   */
  readonly describesFile?: keyof P & string;
  /** Side-effecting nodes (deploy) that must run every time instead of being reused from cache. */
  readonly neverCache?: boolean;
  /**
   * The text param holding a base URL this node sends table rows to (an LLM provider): a host other
   * than loopback must be allowed for the pipeline before the run (engine/security/outbound-hosts.ts).
   */
  readonly sendsRowsTo?: keyof P & string;
  /**
   * Upgrade params saved by an older `typeVersion`, one step at a time: called with the version
   * the params were saved at, returns params valid for `from + 1`.
   */
  readonly migrateParams?: (from: number, params: Record<string, unknown>) => Record<string, unknown>;
}

/** Identity helper that keeps literal types, so `ParamValues` and port names stay exact. */
export function defineNode<const P extends ParamSpecs, const D extends NodeDef<P>>(def: D & NodeDef<P>): D {
  return def;
}

export type ParamsOf<D> = D extends NodeDef<infer P> ? ParamValues<P> : never;

/** Whether a param is shown and validated, given the current values of its siblings. */
export function isParamVisible(spec: { showWhen?: ShowWhen }, values: Record<string, unknown>): boolean {
  if (!spec.showWhen) return true;
  return Object.entries(spec.showWhen).every(([name, expected]) => {
    const actual = values[name];
    return Array.isArray(expected) ? expected.includes(actual as never) : actual === expected;
  });
}

/**
 * The whole numbers in the items of an `integerItems` list ("64, 32" and "16" give [64, 32, 16]),
 * or the first item part that is not one in range. The one reading shared by `parseParams` and
 * `defaultParams`; numbers are accepted as items too.
 */
export function readIntegerItems(items: readonly unknown[], min: number, max: number): { sizes: number[] } | { index: number } {
  const sizes: number[] = [];
  for (const [index, item] of items.entries()) {
    if (typeof item !== 'string' && typeof item !== 'number') return { index };
    const parts = String(item)
      .split(/[\s,]+/)
      .filter((p) => p !== '');
    for (const part of parts) {
      const n = Number(part);
      if (!Number.isInteger(n) || n < min || n > max) return { index };
      sizes.push(n);
    }
  }
  return { sizes };
}

/** The parsed default of one param; an invalid `integerItems` default reads as [] (parseParams reports the raw one where visible). */
function parsedDefault(spec: ParamSpec): unknown {
  if (spec.kind === 'list' && spec.integerItems) {
    const read = readIntegerItems(spec.default, spec.integerItems.min, spec.integerItems.max);
    return 'sizes' in read ? read.sizes : [];
  }
  return structuredClone(spec.default);
}

/** Default values for a whole param spec, parsed (as `run()` receives them), as a fresh mutable object. */
export function defaultParams<P extends ParamSpecs>(params: P): ParamValues<P> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(params)) out[name] = parsedDefault(spec);
  return out as ParamValues<P>;
}

/** Default values as a document stores them (list items as typed in the inspector), for new nodes and rows. */
export function documentDefaults(params: ParamSpecs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(params)) out[name] = structuredClone(spec.default);
  return out;
}

/** Whether a failed business-goal gate upstream blocks this node, with these (parsed) params. */
export function gateRequired(def: Pick<NodeDef, 'requiresPassingGate'>, params: Record<string, unknown>): boolean {
  const rule = def.requiresPassingGate;
  return typeof rule === 'function' ? rule(params) : rule === true;
}
