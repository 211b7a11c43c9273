/**
 * The zod pieces request declarations build their argument schemas from. Only hosts import this
 * at runtime (to validate what a window sends); declarations import its type alone, so the request
 * table stays free of zod and the sandboxed preload and the renderer can bundle its names.
 */
import { z } from 'zod';
import type { PipelineDocument } from '../document/schema.js';

/**
 * An argument the caller may leave out. JSON turns a trailing `undefined` into `null`; both mean
 * "not given". Declared optional on the output side so the derived tuple reads `[path?: string]`.
 */
const maybe = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? undefined, schema.optional());

const path = z
  .string()
  .min(1, 'expected a file path')
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path cannot contain a NUL character');
const runId = z.string().min(1).max(200);
const nodeId = z.string().min(1).max(200);
/**
 * A pipeline document, as a top-level argument. Hosts find it by identity, check the tuple with
 * `z.unknown()` in its place, then parse it with `parsePipeline` (migrations, then the pipeline
 * schema), which names the JSON path of each problem. Anywhere else (nested in an object) it
 * refuses every value, so a misplaced one fails loudly instead of letting a document through unchecked.
 */
const document = z.custom<PipelineDocument>(() => false, 'a pipeline document can only be a top-level argument of a request');
const secretName = z
  .string({ error: 'expected a secret NAME as text' })
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected a secret NAME like OPENAI_API_KEY (letters, digits and _, not starting with a digit)');

const runTarget = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('all') }),
  z.strictObject({ mode: z.literal('node'), nodeId }),
  z.strictObject({ mode: z.literal('from'), nodeId }),
]);

export const schemaKit = { z, maybe, path, runId, nodeId, document, secretName, runTarget };

/** What a declaration's `args` receives. */
export type SchemaKit = typeof schemaKit;
