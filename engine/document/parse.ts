/**
 * The one way in for a pipeline document: JSON text or a parsed value goes through the migration
 * chain, then the zod schema. Every problem comes back as a `ValidationIssue` whose path points into
 * the document and whose message says what was expected in plain words. Never throws on bad input.
 */
import type { z } from 'zod';
import type { ValidationIssue } from '../engine-types.js';
import { errorMessage } from '../errors.js';
import { describeValue, formatPath, typeWords } from './describe-value.js';
import { checkDocumentBytes, checkDocumentLimits, utf8Length } from './limits.js';
import { migrateDocument } from './migrations.js';
import { CURRENT_SCHEMA_VERSION, PIPELINE_FORMAT, pipelineSchema, type PipelineDocument } from './schema.js';

export interface ParseResult {
  /** Present when there is no error-severity issue. */
  document?: PipelineDocument;
  issues: ValidationIssue[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function issue(code: string, path: string, message: string, severity: 'error' | 'warning' = 'error'): ValidationIssue {
  return { code, path, message, severity };
}

/** Attaches the node or edge id a path points into, so the canvas can mark the right card. */
function attachIds(found: ValidationIssue, path: readonly PropertyKey[], raw: Record<string, unknown>): ValidationIssue {
  const [list, index] = path;
  if (typeof index !== 'number') return found;
  const item = Array.isArray(raw[list as string]) ? (raw[list as string] as unknown[])[index] : undefined;
  const id = isObject(item) && typeof item.id === 'string' ? item.id : undefined;
  if (id && list === 'nodes') return { ...found, nodeId: id };
  if (id && list === 'edges') return { ...found, edgeId: id };
  // A trigger has no card to mark: its id goes into the message, so the error names it.
  if (list === 'triggers') return { ...found, message: `trigger ${id ? `"${id}"` : `#${index + 1}`}: ${found.message}` };
  return found;
}

/** Rewrites one zod issue as "what was expected, what was found". */
export function describeZodIssue(zi: z.core.$ZodIssue): string {
  const got = 'input' in zi ? describeValue(zi.input) : undefined;
  const gotPart = got ? `, got ${got}` : '';
  switch (zi.code) {
    case 'invalid_type':
      if ('input' in zi && zi.input === undefined) return `expected ${typeWords(zi.expected)}, but it is missing`;
      return `expected ${typeWords(zi.expected)}${gotPart}`;
    case 'too_small': {
      const min = Number(zi.minimum);
      if (zi.origin === 'string') return min <= 1 ? `expected a non-empty text${gotPart}` : `expected at least ${min} characters${gotPart}`;
      if (zi.origin === 'array') return `expected at least ${min} item(s)${gotPart}`;
      return `expected a number ${zi.inclusive ? 'of at least' : 'greater than'} ${min}${gotPart}`;
    }
    case 'too_big': {
      const max = Number(zi.maximum);
      if (zi.origin === 'string') return `expected at most ${max} characters, got ${'input' in zi ? String(zi.input).length : 'more'}`;
      if (zi.origin === 'array') return `expected at most ${max} item(s)${gotPart}`;
      return `expected a number ${zi.inclusive ? 'of at most' : 'less than'} ${max}${gotPart}`;
    }
    case 'unrecognized_keys':
      return `unknown field${zi.keys.length > 1 ? 's' : ''} ${zi.keys.map((k) => `"${k}"`).join(', ')}; remove ${zi.keys.length > 1 ? 'them' : 'it'} or check the spelling`;
    case 'invalid_value':
      return `expected ${zi.values.map((v) => JSON.stringify(v)).join(' or ')}${gotPart}`;
    case 'invalid_format':
      return `expected text in ${zi.format} format${gotPart}`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(zi.divisor)}${gotPart}`;
    default:
      return zi.message;
  }
}

/**
 * Reads a pipeline document from JSON text or an already-parsed value: migrates older versions, then
 * checks it against the schema. Node params are checked later against the node catalogue
 * (`validateGraph`), since the document layer does not know node types.
 *
 * @example
 * const { document, issues } = parsePipeline(await readFile(path, 'utf8'));
 * if (!document) for (const i of issues) console.error(formatIssue(i));
 */
export function parsePipeline(json: unknown): ParseResult {
  let raw = json;
  if (typeof raw === 'string') {
    // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the JSON.
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const tooBig = checkDocumentBytes(utf8Length(text));
    if (tooBig) return { issues: [tooBig] };
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return { issues: [issue('DOCUMENT_INVALID', '(document)', `the file is not valid JSON: ${(error as Error).message}`)] };
    }
  }
  if (!isObject(raw)) return { issues: [issue('DOCUMENT_NOT_OBJECT', '(document)', errorMessage('DOCUMENT_NOT_OBJECT', describeValue(raw)))] };
  // Before anything walks the document: every later step is then linear and shallow.
  const limits = checkDocumentLimits(raw);
  if (limits.length) return { issues: limits };
  if (raw.format !== PIPELINE_FORMAT) {
    return { issues: [issue('DOCUMENT_FORMAT', 'format', errorMessage('DOCUMENT_FORMAT', describeValue(raw.format)))] };
  }
  const version = raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return { issues: [issue('SCHEMA_VERSION_MISSING', 'schemaVersion', errorMessage('SCHEMA_VERSION_MISSING') + `, got ${describeValue(version)}`)] };
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    return { issues: [issue('SCHEMA_VERSION_NEWER', 'schemaVersion', errorMessage('SCHEMA_VERSION_NEWER', version, CURRENT_SCHEMA_VERSION))] };
  }
  const issues: ValidationIssue[] = [];
  if (version < CURRENT_SCHEMA_VERSION) {
    raw = migrateDocument(raw, version);
    issues.push(issue('DOCUMENT_MIGRATED', 'schemaVersion', errorMessage('DOCUMENT_MIGRATED', version, CURRENT_SCHEMA_VERSION), 'warning'));
  }
  const migrated = raw as Record<string, unknown>;
  const parsed = pipelineSchema.safeParse(migrated, { reportInput: true });
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      issues.push(attachIds(issue('DOCUMENT_INVALID', formatPath(zi.path), describeZodIssue(zi)), zi.path, migrated));
    }
    return { issues };
  }
  return { document: withOwnParams(parsed.data, migrated, issues), issues };
}

/**
 * A `__proto__` key in params is dropped by the schema, which makes its value the prototype of the
 * params object, so a later `params.path` could read it. Report it like any unknown param, and give
 * every node a plain params object of its own keys only.
 */
function withOwnParams(document: PipelineDocument, raw: Record<string, unknown>, issues: ValidationIssue[]): PipelineDocument {
  const rawNodes = raw.nodes as unknown[];
  document.nodes.forEach((node, i) => {
    const given = (rawNodes[i] as { params?: unknown }).params;
    if (isObject(given) && Object.hasOwn(given, '__proto__')) {
      const found = issue('UNKNOWN_PARAM', `nodes[${i}].params.__proto__`, `"__proto__" is not a param of "${node.type}" and is ignored`, 'warning');
      issues.push({ ...found, nodeId: node.id });
    }
    node.params = Object.fromEntries(Object.entries(node.params));
  });
  return document;
}

/** One line for a terminal or a log: `nodes[3].params.ratio: expected a number between 0 and 1, got "0,8"`. */
export function formatIssue(found: ValidationIssue): string {
  return `${found.severity === 'warning' ? 'warning: ' : ''}${found.path}: ${found.message}`;
}
