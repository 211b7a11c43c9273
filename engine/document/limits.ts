/**
 * Hard limits on a pipeline document, checked before anything else looks at it. They keep every
 * later step (schema, graph checks, cache keys, runs) linear in time and shallow in stack: a
 * 53 MB file, 300k nodes or a value nested 100k arrays deep is refused in plain words with exit 2,
 * instead of a stack overflow or a check that never finishes. Documented in the README and
 * engine/README.md; change the numbers there too.
 */
import type { ValidationIssue } from '../engine-types.js';
import { errorMessage } from '../errors.js';

export const DOCUMENT_LIMITS = {
  /** Size of the file in bytes (UTF-8). A pipeline describes work; data lives in the files it reads. */
  maxBytes: 16 * 1024 * 1024,
  maxNodes: 5_000,
  maxEdges: 20_000,
  maxNotes: 5_000,
  /** Each trigger holds a timer or a folder watch in the host that runs it. */
  maxTriggers: 50,
  /** Arrays and objects inside one another, the document itself counting as level 1. */
  maxDepth: 64,
} as const;

const MB = 1024 * 1024;
const tooLarge = (path: string, message: string): ValidationIssue => ({ code: 'DOCUMENT_TOO_LARGE', path, message, severity: 'error' });

/** Bytes `text` takes as UTF-8, counted without building the bytes (the text may be tens of MB). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The size check, for callers that know the size before reading or parsing (a file's stat, a text). */
export function checkDocumentBytes(bytes: number, path = '(document)'): ValidationIssue | undefined {
  if (bytes <= DOCUMENT_LIMITS.maxBytes) return undefined;
  const size = `${(bytes / MB).toFixed(1)} MB`;
  return tooLarge(
    path,
    errorMessage('DOCUMENT_TOO_LARGE', `the document is ${size}`, `${DOCUMENT_LIMITS.maxBytes / MB} MB`, 'keep data in files the pipeline reads'),
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const member = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/**
 * The first place where arrays and objects nest deeper than `maxDepth`, found without recursion
 * (the value may be nested far deeper than the stack allows).
 */
export function findTooDeep(value: unknown, maxDepth: number = DOCUMENT_LIMITS.maxDepth): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 1, path: '' }];
  while (stack.length) {
    const item = stack.pop()!;
    const children: [string, unknown][] = Array.isArray(item.value)
      ? item.value.map((v, i) => [`[${i}]`, v])
      : isObject(item.value)
        ? Object.entries(item.value).map(([k, v]) => [member(k), v])
        : [];
    for (const [step, child] of children) {
      if (typeof child !== 'object' || child === null) continue;
      const path = item.path + step;
      if (item.depth + 1 > maxDepth) return path.replace(/^\./, '');
      stack.push({ value: child, depth: item.depth + 1, path });
    }
  }
  return undefined;
}

/** Counts and depth of a parsed (not yet validated) document: the checks that come first. */
export function checkDocumentLimits(raw: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const counts = [
    ['nodes', DOCUMENT_LIMITS.maxNodes, 'split the pipeline into smaller ones'],
    ['edges', DOCUMENT_LIMITS.maxEdges, 'split the pipeline into smaller ones'],
    ['notes', DOCUMENT_LIMITS.maxNotes, 'remove notes'],
    ['triggers', DOCUMENT_LIMITS.maxTriggers, 'remove triggers, or split the automations over several pipelines'],
  ] as const;
  for (const [list, limit, fix] of counts) {
    const value = raw[list];
    if (Array.isArray(value) && value.length > limit) {
      issues.push(tooLarge(list, errorMessage('DOCUMENT_TOO_LARGE', `the document has ${value.length} ${list}`, String(limit), fix)));
    }
  }
  if (issues.length) return issues;
  const deep = findTooDeep(raw);
  if (deep !== undefined) {
    const limit = `${DOCUMENT_LIMITS.maxDepth} levels of nested lists and objects`;
    issues.push(tooLarge(deep || '(document)', errorMessage('DOCUMENT_TOO_LARGE', 'this value is nested too deep', limit, 'flatten it')));
  }
  return issues;
}
