/**
 * Re-validation of every payload that arrives from the window. The window is untrusted (a page in a
 * sandbox, or a browser tab): argument tuples are checked with the zod schemas each request declares
 * (requests/studio-requests.ts, built from requests/schema-kit.ts), and documents go through the
 * same `parsePipeline` (migrations + the pipeline schema) as a file opened from disk.
 */
import { z } from 'zod';
import type { StudioRequestName, StudioRequests } from '../../engine/contract.js';
import { describeZodIssue, formatIssue, parsePipeline } from '../../engine/document/parse.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { formatPath } from '../../engine/document/describe-value.js';
import { schemaKit } from '../../engine/requests/schema-kit.js';
import { STUDIO_REQUESTS } from '../../engine/requests/studio-requests.js';
import { HostError } from './host-error.js';

interface ArgsCheck {
  tuple: z.ZodTuple;
  /** Positions holding a pipeline document, parsed after the tuple checks out. */
  documents: number[];
  secretArgs: boolean;
}

/** One tuple schema per declared request, built once from the table. */
const argChecks = new Map<string, ArgsCheck>(
  Object.entries(STUDIO_REQUESTS).map(([name, decl]) => {
    const items: readonly z.ZodType[] = decl.args(schemaKit);
    const documents = items.flatMap((item, i) => (item === schemaKit.document ? [i] : []));
    const checked = items.map((item) => (item === schemaKit.document ? z.unknown() : item));
    return [name, { tuple: z.tuple(checked as [z.ZodType]), documents, secretArgs: 'secretArgs' in decl }];
  }),
);

/**
 * Checks one document from the window against the pipeline schema.
 *
 * @throws HostError DOCUMENT_INVALID listing each problem with its JSON path.
 */
export function requireDocument(candidate: unknown, what = 'the document'): PipelineDocument {
  const { document: parsed, issues } = parsePipeline(candidate);
  if (parsed) return parsed;
  const errors = issues.filter((i) => i.severity === 'error');
  const lines = errors.slice(0, 10).map((i) => `  ${formatIssue(i)}`);
  if (errors.length > 10) lines.push(`  ... and ${errors.length - 10} more`);
  throw new HostError('DOCUMENT_INVALID', `${what} is not a valid pipeline:\n${lines.join('\n')}`, errors);
}

/**
 * Validates the argument tuple of `method` and returns it typed, with optional `null`s turned into
 * `undefined` and documents parsed (migrated if older).
 *
 * @throws HostError BAD_REQUEST naming the argument and what was expected, or DOCUMENT_INVALID.
 */
export function validateArgs<M extends StudioRequestName>(method: M, args: unknown): StudioRequests[M]['args'] {
  const check = argChecks.get(method);
  if (!check) throw new HostError('BAD_REQUEST', `unknown request "${String(method)}"`);
  if (!Array.isArray(args)) throw new HostError('BAD_REQUEST', `${method}: expected an array of arguments`);
  // Trailing optional arguments may be left out entirely.
  const expected = check.tuple.def.items.length;
  const padded = args.length < expected ? [...args, ...Array(expected - args.length).fill(undefined)] : args;
  const parsed = check.tuple.safeParse(padded, { reportInput: true });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first.path.length ? `argument ${formatPath(first.path)}` : 'arguments';
    // A secret request's arguments may hold a value (or a value pasted as a name): never echo them.
    const what = check.secretArgs ? first.message : describeZodIssue(first);
    throw new HostError('BAD_REQUEST', `${method}: ${where}: ${what}`);
  }
  const out = parsed.data as unknown[];
  for (const i of check.documents) out[i] = requireDocument(out[i]);
  return out as StudioRequests[M]['args'];
}
