/**
 * Re-validation of every payload that arrives from the window. The window is untrusted (a page in a
 * sandbox, or a browser tab): argument tuples are checked with small zod schemas, and documents go
 * through the same `parsePipeline` (migrations + the pipeline schema) as a file opened from disk.
 */
import { z } from 'zod';
import type { StudioRequestName, StudioRequests } from '../contract.js';
import { describeZodIssue, formatIssue, parsePipeline } from '../document/parse.js';
import type { PipelineDocument } from '../document/schema.js';
import { formatPath } from '../document/describe-value.js';
import { HostError } from './host-error.js';

/** JSON turns a trailing `undefined` into `null`; both mean "not given". */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

const path = z
  .string()
  .min(1, 'expected a file path')
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path cannot contain a NUL character');
const runId = z.string().min(1).max(200);
const nodeId = z.string().min(1).max(200);
const document = z.unknown();
const secretName = z
  .string({ error: 'expected a secret NAME as text' })
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected a secret NAME like OPENAI_API_KEY (letters, digits and _, not starting with a digit)');

const runTarget = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('all') }),
  z.strictObject({ mode: z.literal('node'), nodeId }),
  z.strictObject({ mode: z.literal('from'), nodeId }),
]);

const argSchemas = {
  engineInfo: z.tuple([]),
  validatePipeline: z.tuple([z.unknown()]),
  openPipeline: z.tuple([optional(path)]),
  savePipeline: z.tuple([document, optional(path)]),
  exportPipeline: z.tuple([document, optional(path)]),
  listRecent: z.tuple([]),
  listSamples: z.tuple([]),
  saveRecovery: z.tuple([document, optional(path)]),
  loadRecovery: z.tuple([]),
  clearRecovery: z.tuple([]),
  startRun: z.tuple([
    document,
    z.strictObject({
      target: optional(runTarget),
      documentPath: optional(path),
      force: optional(z.array(z.string().min(1).max(200)).max(10_000)),
    }),
  ]),
  cancelRun: z.tuple([runId]),
  plan: z.tuple([document, optional(path)]),
  page: z.tuple([
    z.strictObject({
      table: z.string().min(1).max(500),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(10_000),
      sort: optional(z.strictObject({ column: z.string().min(1), direction: z.enum(['asc', 'desc']) })),
    }),
  ]),
  profile: z.tuple([z.string().min(1).max(500), optional(z.array(z.string().min(1)).max(10_000))]),
  listRuns: z.tuple([]),
  getRun: z.tuple([runId]),
  deleteRun: z.tuple([runId]),
  chooseDataFile: z.tuple([
    z.strictObject({
      extensions: optional(z.array(z.string().min(1).max(20)).max(50)),
      mode: optional(z.enum(['input', 'output'])),
      pipelinePath: optional(path),
      current: optional(z.string().max(4096)),
    }),
  ]),
  addBrowseFolder: z.tuple([optional(path)]),
  listDirectory: z.tuple([optional(path), optional(path)]),
  listSecrets: z.tuple([optional(z.array(z.string().max(200)).max(1000))]),
  setSecret: z.tuple([
    secretName,
    z
      .string({ error: 'expected the secret value as text' })
      .min(1, 'the secret value is empty')
      .max(65_536, 'the secret value is longer than 65536 characters'),
  ]),
  deleteSecret: z.tuple([secretName]),
  allowFolder: z.tuple([path, path]),
} satisfies Record<StudioRequestName, z.ZodType>;

const secretMethods = new Set<StudioRequestName>(['setSecret', 'deleteSecret']);

/** Methods whose first argument is a pipeline document. */
const documentFirst = new Set<StudioRequestName>(['savePipeline', 'exportPipeline', 'saveRecovery', 'startRun', 'plan']);

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
  const schema = argSchemas[method] as z.ZodType | undefined;
  if (!schema) throw new HostError('BAD_REQUEST', `unknown request "${String(method)}"`);
  if (!Array.isArray(args)) throw new HostError('BAD_REQUEST', `${method}: expected an array of arguments`);
  // Trailing optional arguments may be left out entirely.
  const expected = (schema as z.ZodTuple).def.items.length;
  const padded = args.length < expected ? [...args, ...Array(expected - args.length).fill(undefined)] : args;
  const parsed = schema.safeParse(padded, { reportInput: true });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first.path.length ? `argument ${formatPath(first.path)}` : 'arguments';
    // A secret request's arguments may hold a value (or a value pasted as a name): never echo them.
    const what = secretMethods.has(method) ? first.message : describeZodIssue(first);
    throw new HostError('BAD_REQUEST', `${method}: ${where}: ${what}`);
  }
  const out = parsed.data as unknown[];
  if (documentFirst.has(method)) out[0] = requireDocument(out[0]);
  return out as StudioRequests[M]['args'];
}
