/**
 * Checks of one param value against its spec, with the message the user reads. Shared by
 * `parseParams`; imports only `node-def.ts` so the renderer can bundle it.
 */
import { readIntegerItems, type ListParam, type ParamSpec, type SimpleParamSpec } from '../node-def.js';

type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as a message shows it: short texts quoted, lists and objects described. */
export function quote(value: unknown): string {
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

/** The problem with one simple value, or null. A list with `integerItems` is checked item by item elsewhere. */
export function checkSimple(spec: SimpleParamSpec, value: unknown): string | null {
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
      if (spec.integerItems && Array.isArray(value)) return null;
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : `expected a list of texts, got ${quote(value)}`;
    case 'columns':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : `expected a list of column names, got ${quote(value)}`;
  }
}

/** An `integerItems` list read to its whole numbers, with each bad item and its index. */
export function readIntegerList(
  spec: ListParam & { integerItems: { min: number; max: number } },
  items: readonly unknown[],
): { sizes: number[]; problems: { index: number; message: string }[] } {
  const { min, max } = spec.integerItems;
  const sizes: number[] = [];
  const problems: { index: number; message: string }[] = [];
  items.forEach((item, index) => {
    const read = readIntegerItems([item], min, max);
    if ('sizes' in read) sizes.push(...read.sizes);
    else problems.push({ index, message: `expected whole numbers between ${min} and ${max} (like "64" or "64, 32"), got ${quote(item)}` });
  });
  return { sizes, problems };
}

/** A file param whose extension is not among the accepted ones: a warning, the node may still cope. */
export function extensionWarning(spec: ParamSpec, value: unknown): string | null {
  if (spec.kind !== 'file' || !spec.extensions?.length || typeof value !== 'string' || value === '') return null;
  const lower = value.toLowerCase();
  return spec.extensions.some((ext) => lower.endsWith(ext.toLowerCase()))
    ? null
    : `expected a file ending in ${spec.extensions.join(', ')}, got ${quote(value)}`;
}
