/**
 * Raw params in, typed values out: the one reading of a node's params that validation, the
 * inspector, the cache key and `run()` all use, so they cannot disagree. Imports only types,
 * `node-def.ts` and its sibling checks, so the renderer can bundle it (no zod, no Node modules).
 */
import {
  defaultParams,
  isParamVisible,
  type NodeDef,
  type ParamSpecs,
  type ParamsOf,
  type ParamValues,
  type RecordsParam,
  type SimpleParamSpec,
} from '../node-def.js';
import type { ValidationIssue } from '../engine-types.js';
import { checkSimple, extensionWarning, isObject, quote, readIntegerList } from './param-checks.js';
import { readTable } from './table-param.js';

type Obj = Record<string, unknown>;

export interface ParamIssueOptions {
  /** Path prefix of the params object, e.g. `nodes[3].params`. Default `params`. */
  path?: string;
  nodeId?: string;
}

export interface ParsedParams<V> {
  /** Every param of the def, defaults filled and typed; undefined when any issue is an error. */
  values: V | undefined;
  issues: ValidationIssue[];
}

/** A fresh params object with exactly the spec's own params, missing ones (and missing record fields) set to their defaults. */
export function withDefaults(specs: ParamSpecs, params: Obj): Obj {
  const out: Obj = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = Object.hasOwn(params, name) && params[name] !== undefined ? params[name] : structuredClone(spec.default);
    if (spec.kind === 'records' && Array.isArray(value)) {
      out[name] = value.map((row) => (isObject(row) ? withDefaults(spec.fields, row) : row));
    } else out[name] = value;
  }
  return out;
}

type Report = (code: string, path: string, message: string, severity?: 'error' | 'warning') => void;

/** One simple value parsed: the typed value, or undefined after reporting why. */
function parseSimple(spec: SimpleParamSpec, value: unknown, path: string, report: Report): unknown {
  const problem = checkSimple(spec, value);
  if (problem) {
    report('PARAM_INVALID', path, problem);
    return undefined;
  }
  if (spec.kind === 'list' && spec.integerItems) {
    const read = readIntegerList({ ...spec, integerItems: spec.integerItems }, value as unknown[]);
    for (const p of read.problems) report('PARAM_INVALID', `${path}[${p.index}]`, p.message);
    return read.problems.length ? undefined : read.sizes;
  }
  const ext = extensionWarning(spec, value);
  if (ext) report('PARAM_INVALID', path, ext, 'warning');
  return Array.isArray(value) ? [...(value as unknown[])] : value;
}

/** The rows of a records param, each field parsed while visible in its row; undefined when any row is bad. */
function parseRows(spec: RecordsParam, value: unknown, given: unknown, path: string, report: Report) {
  if (!Array.isArray(value)) {
    report('PARAM_INVALID', path, `expected a list of ${spec.itemLabel ?? 'rows'}, got ${quote(value)}`);
    return undefined;
  }
  let ok = true;
  const rows = value.map((row: unknown, i) => {
    const rowPath = `${path}[${i}]`;
    if (!isObject(row)) {
      report('PARAM_INVALID', rowPath, `expected an object with fields ${Object.keys(spec.fields).join(', ')}, got ${quote(row)}`);
      ok = false;
      return row;
    }
    // Unknown fields are looked up in the row as given: the defaults-filled copy has dropped them.
    const givenRow = Array.isArray(given) ? (given as unknown[])[i] : undefined;
    for (const field of Object.keys(isObject(givenRow) ? givenRow : row)) {
      if (!Object.hasOwn(spec.fields, field))
        report('UNKNOWN_PARAM', `${rowPath}.${field}`, `"${field}" is not a field of ${spec.label} and is ignored`, 'warning');
    }
    const out: Obj = {};
    for (const [field, fieldSpec] of Object.entries(spec.fields)) {
      const visible = isParamVisible(fieldSpec, row);
      const parsed = parseSimple(fieldSpec, row[field], `${rowPath}.${field}`, visible ? report : () => undefined);
      if (parsed === undefined && visible) ok = false;
      out[field] = parsed === undefined ? defaultParams({ [field]: fieldSpec })[field] : parsed;
    }
    return out;
  });
  return ok ? rows : undefined;
}

/** A table param read to canonical cells; each problem reported at its cell (`rows[4][1]`) or at the param. */
function parseTable(value: unknown, path: string, report: Report): unknown {
  const { table, problems } = readTable(value);
  for (const p of problems) report('PARAM_INVALID', p.at ? `${path}.${p.at}`.replace('.[', '[') : path, p.message);
  return table;
}

/**
 * Reads a node's raw params (as the document holds them) into the values its runner receives:
 * defaults filled, each param checked only while visible (`showWhen`), `integerItems` lists read
 * to numbers, then the def's cross-param `rules`. A hidden param that is invalid takes its default
 * (it does not apply); params the def does not know are warnings.
 *
 * @example
 * parseParams(splitDef, { testRatio: 0.6, validationRatio: 0.5 }, { path: 'nodes[3].params' }).issues
 * // two PARAM_RULE errors, at nodes[3].params.testRatio and nodes[3].params.validationRatio
 */
export function parseParams<D extends NodeDef>(def: D, raw: unknown, options: ParamIssueOptions = {}): ParsedParams<ParamsOf<D>> {
  const base = options.path ?? 'params';
  const issues: ValidationIssue[] = [];
  const report: Report = (code, path, message, severity = 'error') =>
    issues.push(options.nodeId === undefined ? { code, path, message, severity } : { code, path, message, severity, nodeId: options.nodeId });
  if (!isObject(raw)) {
    report('PARAMS_NOT_OBJECT', base, 'expected params to be an object of name -> value');
    return { values: undefined, issues };
  }
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(def.params, name)) report('UNKNOWN_PARAM', `${base}.${name}`, `"${name}" is not a param of "${def.type}" and is ignored`, 'warning');
  }
  const filled = withDefaults(def.params, raw);
  const values: Obj = {};
  const usable = new Set<string>();
  for (const [name, spec] of Object.entries(def.params)) {
    const visible = isParamVisible(spec, filled);
    const quiet: Report = () => undefined;
    const path = `${base}.${name}`;
    const to = visible ? report : quiet;
    const parsed =
      spec.kind === 'records'
        ? parseRows(spec, filled[name], raw[name], path, to)
        : spec.kind === 'table'
          ? parseTable(filled[name], path, to)
          : parseSimple(spec, filled[name], path, to);
    values[name] = parsed === undefined ? defaultParams({ [name]: spec })[name] : parsed;
    if (parsed !== undefined && visible) usable.add(name);
  }
  // `values` was built key by key from the def's own specs: these are its typed values.
  const typed = values as ParamValues<ParamSpecs>;
  for (const rule of def.rules ?? []) {
    if (!rule.params.every((name) => usable.has(name))) continue;
    if (rule.check(typed)) continue;
    const message = rule.message(typed);
    for (const name of rule.params) report('PARAM_RULE', `${base}.${name}`, message);
  }
  const ok = issues.every((i) => i.severity !== 'error');
  return { values: ok ? (values as ParamsOf<D>) : undefined, issues };
}
