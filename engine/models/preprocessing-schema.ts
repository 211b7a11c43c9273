/**
 * The zod schema of a model's fitted encoding (`ModelRecipe.encoding`, and the whole of a
 * version-1 `preprocessing.json`), so an encoding read from disk is checked before any scorer
 * trusts its arrays.
 */
import { z } from 'zod';
import type { FeatureSpec, FittedEncoding, TargetSpec } from './preprocessing.js';

const featureSchema: z.ZodType<FeatureSpec> = z
  .object({
    name: z.string(),
    sourceType: z.string(),
    kind: z.enum(['numeric', 'boolean', 'date', 'timestamp', 'categorical']),
    median: z.number().optional(),
    categories: z.array(z.string()).optional(),
    droppedCategories: z.number().optional(),
    element: z.object({ column: z.string(), index: z.number().int().min(1) }).optional(),
  })
  .refine((f) => f.kind !== 'categorical' || Array.isArray(f.categories), { message: 'a categorical feature needs its "categories"', path: ['categories'] });

const targetSchema: z.ZodType<TargetSpec> = z
  .object({
    name: z.string(),
    sourceType: z.string(),
    task: z.enum(['classification', 'regression']),
    labels: z.array(z.string()).optional(),
    mean: z.number().optional(),
    std: z.number().optional(),
  })
  // Scorers name the output columns after the labels, and map regression outputs back with mean and std.
  .refine((t) => t.task !== 'classification' || (t.labels?.length ?? 0) >= 2, { message: 'a classification target needs at least 2 labels', path: ['labels'] })
  .refine((t) => t.task !== 'regression' || (t.mean !== undefined && t.std !== undefined), {
    message: 'a regression target needs its mean and std',
    path: ['mean'],
  });

const encodingShape = {
  features: z.array(featureSchema),
  target: targetSchema,
  encodedNames: z.array(z.string()),
  scaleMean: z.array(z.number()),
  scaleStd: z.array(z.number()),
  fittedOn: z.object({ table: z.string(), rows: z.number(), fingerprint: z.string() }),
};

const sameWidths = (s: Pick<FittedEncoding, 'encodedNames' | 'scaleMean' | 'scaleStd'>) =>
  s.scaleMean.length === s.encodedNames.length && s.scaleStd.length === s.encodedNames.length;
const sameWidthsIssue = { message: 'scaleMean and scaleStd need one entry per encoded column', path: ['scaleMean'] };

/** `ModelRecipe.encoding` (recipe version 2). */
export const fittedEncodingSchema: z.ZodType<FittedEncoding> = z.object(encodingShape).refine(sameWidths, sameWidthsIssue);

/** A version-1 `preprocessing.json`: the same encoding under its own format and version, which reading drops. */
export const preprocessingV1Schema: z.ZodType<FittedEncoding> = z
  .object({ format: z.literal('lifecycle-studio.preprocessing'), version: z.literal(1), ...encodingShape })
  .refine(sameWidths, sameWidthsIssue)
  .transform(({ format: _format, version: _version, ...encoding }) => encoding);

/** `features[3].median` as `feature 4 ("age") median`, so a message names the step, not an index. */
export function describeSpecPath(spec: unknown, path: readonly PropertyKey[]): string {
  if (path[0] === 'features' && typeof path[1] === 'number') {
    const feature = (spec as { features?: { name?: unknown }[] }).features?.[path[1]];
    const name = typeof feature?.name === 'string' ? ` ("${feature.name}")` : '';
    return `feature ${path[1] + 1}${name}${path.length > 2 ? ` ${path.slice(2).map(String).join('.')}` : ''}`;
  }
  return path.map(String).join('.') || 'the file';
}
