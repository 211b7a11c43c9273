/**
 * The zod schema of `preprocessing.json` (the fitted encoding a trained model applies to its
 * feature columns), so a spec read from disk is checked before any scorer trusts its arrays.
 */
import { z } from 'zod';
import type { FeatureSpec, PreprocessingSpec, TargetSpec } from './preprocessing.js';

const featureSchema: z.ZodType<FeatureSpec> = z
  .object({
    name: z.string(),
    sourceType: z.string(),
    kind: z.enum(['numeric', 'boolean', 'date', 'timestamp', 'categorical']),
    median: z.number().optional(),
    categories: z.array(z.string()).optional(),
    droppedCategories: z.number().optional(),
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

export const preprocessingSpecSchema: z.ZodType<PreprocessingSpec> = z
  .object({
    format: z.literal('lifecycle-studio.preprocessing'),
    version: z.literal(1),
    features: z.array(featureSchema),
    target: targetSchema,
    encodedNames: z.array(z.string()),
    scaleMean: z.array(z.number()),
    scaleStd: z.array(z.number()),
    fittedOn: z.object({ table: z.string(), rows: z.number(), fingerprint: z.string() }),
  })
  .refine((s) => s.scaleMean.length === s.encodedNames.length && s.scaleStd.length === s.encodedNames.length, {
    message: 'scaleMean and scaleStd need one entry per encoded column',
    path: ['scaleMean'],
  });

/** `features[3].median` as `feature 4 ("age") median`, so a message names the step, not an index. */
export function describeSpecPath(spec: unknown, path: readonly PropertyKey[]): string {
  if (path[0] === 'features' && typeof path[1] === 'number') {
    const feature = (spec as { features?: { name?: unknown }[] }).features?.[path[1]];
    const name = typeof feature?.name === 'string' ? ` ("${feature.name}")` : '';
    return `feature ${path[1] + 1}${name}${path.length > 2 ? ` ${path.slice(2).map(String).join('.')}` : ''}`;
  }
  return path.map(String).join('.') || 'the file';
}
