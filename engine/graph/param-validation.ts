/**
 * Param checks generated from a node's param specs: the engine runs them before a run and the
 * inspector shows the same messages inline. Imports only types and `node-def.ts` so the renderer can
 * bundle it (no zod, no Node modules).
 */
import { isParamVisible, type NodeDef, type ParamSpec, type ParamSpecs, type SimpleParamSpec } from '../node-def.js';
import type { ValidationIssue } from '../engine-types.js';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (Array.isArray(value)) return value.length ? `a list of ${value.length}` : 'an empty list';
  if (isObject(value)) return 'an object';
  return String(value);
}

function range(what: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${what} between ${min} and ${max}`;
  if (min !== undefined) return `${what} of at least ${min}`;
  if (max !== undefined) return `${what} of at most ${max}`;
  return what;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The problem with one simple value, or null. `label` names the control in the message. */
function checkSimple(spec: SimpleParamSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      const what = range(spec.kind === 'integer' ? 'a whole number' : 'a number', spec.min, spec.max);
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (spec.kind === 'number' || Number.isInteger(value)) &&
        (spec.min === undefined || value >= spec.min) &&
        (spec.max === undefined || value <= spec.max);
      return ok ? null : `expected ${what}, got ${quote(value)}`;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : `expected true or false, got ${quote(value)}`;
    case 'select':
      return spec.options.some((o) => o.value === value) ? null : `expected one of ${spec.options.map((o) => `"${o.value}"`).join(', ')}, got ${quote(value)}`;
    case 'text':
    case 'file':
    case 'column': {
      if (typeof value !== 'string') return `expected a text, got ${quote(value)}`;
      const noun = spec.kind === 'file' ? 'a file path' : spec.kind === 'column' ? 'a column' : 'a value';
      if (spec.required && value.trim() === '') return `${spec.label} is required: choose ${noun}`;
      return null;
    }
    case 'secret':
      if (typeof value !== 'string') return `expected the name of a secret, got ${quote(value)}`;
      return value === '' || SECRET_NAME.test(value)
        ? null
        : 'expected the NAME of a secret (like OPENAI_API_KEY), not its value: secrets never live in the pipeline file';
    case 'list':
    case 'columns':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? null
        : `expected a list of ${spec.kind === 'columns' ? 'column names' : 'texts'}, got ${quote(value)}`;
  }
}

/** Items of a list param that must hold whole numbers (`integerItems`): each bad item with its index. */
function integerItemProblems(spec: SimpleParamSpec, value: unknown): { index: number; message: string }[] {
  if (spec.kind !== 'list' || !spec.integerItems || !Array.isArray(value)) return [];
  const { min, max } = spec.integerItems;
  const problems: { index: number; message: string }[] = [];
  value.forEach((item, index) => {
    const parts = String(item)
      .split(/[\s,]+/)
      .filter((p) => p !== '');
    // The same reading as the train runner's (Number, whole, in range), so validate and run agree.
    const bad = parts.find((p) => !Number.isInteger(Number(p)) || Number(p) < min || Number(p) > max);
    if (bad !== undefined) {
      problems.push({ index, message: `expected whole numbers between ${min} and ${max} (like "64" or "64, 32"), got ${quote(item)}` });
    }
  });
  return problems;
}

/** A file param whose extension is not among the accepted ones: a warning, the node may still cope. */
function extensionWarning(spec: ParamSpec, value: unknown): string | null {
  if (spec.kind !== 'file' || !spec.extensions?.length || typeof value !== 'string' || value === '') return null;
  const lower = value.toLowerCase();
  return spec.extensions.some((ext) => lower.endsWith(ext.toLowerCase()))
    ? null
    : `expected a file ending in ${spec.extensions.join(', ')}, got ${quote(value)}`;
}

/** A fresh params object with exactly the spec's params, missing ones (and missing record fields) set to their defaults. */
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

export interface ParamIssueOptions {
  /** Path prefix of the params object, e.g. `nodes[3].params`. Default `params`. */
  path?: string;
  nodeId?: string;
}

/**
 * Checks a node's params against its def: limits, whole numbers, select options, required text,
 * file and column params, record rows, each only while visible (`showWhen`). Missing params count
 * as their defaults; params the def does not know are warnings.
 *
 * @example
 * validateParams(splitDef, { ratio: '0,8' }, { path: 'nodes[3].params', nodeId: 'split' })
 * // [{ code: 'PARAM_INVALID', path: 'nodes[3].params.ratio', message: 'expected a number between 0 and 1, got "0,8"', ... }]
 */
export function validateParams(def: NodeDef, params: unknown, options: ParamIssueOptions = {}): ValidationIssue[] {
  const base = options.path ?? 'params';
  const at = (code: string, path: string, message: string, severity: 'error' | 'warning' = 'error'): ValidationIssue =>
    options.nodeId === undefined ? { code, path, message, severity } : { code, path, message, severity, nodeId: options.nodeId };
  if (!isObject(params)) return [at('PARAMS_NOT_OBJECT', base, 'expected params to be an object of name -> value')];
  const issues: ValidationIssue[] = [];
  for (const name of Object.keys(params)) {
    if (!Object.hasOwn(def.params, name))
      issues.push(at('UNKNOWN_PARAM', `${base}.${name}`, `"${name}" is not a param of "${def.type}" and is ignored`, 'warning'));
  }
  const values = withDefaults(def.params, params);
  for (const [name, spec] of Object.entries(def.params)) {
    if (!isParamVisible(spec, values)) continue;
    const path = `${base}.${name}`;
    const value = values[name];
    if (spec.kind !== 'records') {
      const problem = checkSimple(spec, value);
      if (problem) issues.push(at('PARAM_INVALID', path, problem));
      if (!problem) for (const p of integerItemProblems(spec, value)) issues.push(at('PARAM_INVALID', `${path}[${p.index}]`, p.message));
      const ext = problem ? null : extensionWarning(spec, value);
      if (ext) issues.push(at('PARAM_INVALID', path, ext, 'warning'));
      continue;
    }
    if (!Array.isArray(value)) {
      issues.push(at('PARAM_INVALID', path, `expected a list of ${spec.itemLabel ?? 'rows'}, got ${quote(value)}`));
      continue;
    }
    value.forEach((row, i) => {
      const rowPath = `${path}[${i}]`;
      if (!isObject(row)) {
        issues.push(at('PARAM_INVALID', rowPath, `expected an object with fields ${Object.keys(spec.fields).join(', ')}, got ${quote(row)}`));
        return;
      }
      // Unknown fields are looked up in the row as given: the defaults-filled copy has dropped them.
      const given = (params[name] as unknown[] | undefined)?.[i];
      for (const field of Object.keys(isObject(given) ? given : row)) {
        if (!Object.hasOwn(spec.fields, field))
          issues.push(at('UNKNOWN_PARAM', `${rowPath}.${field}`, `"${field}" is not a field of ${spec.label} and is ignored`, 'warning'));
      }
      for (const [field, fieldSpec] of Object.entries(spec.fields)) {
        if (!isParamVisible(fieldSpec, row)) continue;
        const problem = checkSimple(fieldSpec, row[field]);
        if (problem) issues.push(at('PARAM_INVALID', `${rowPath}.${field}`, problem));
      }
    });
  }
  return issues;
}
