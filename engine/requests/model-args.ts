/**
 * Argument schemas of the model registry requests. A model name and version become folder names
 * under the registry, so they are checked here against the registry's own rule (one path segment
 * of letters, digits, ".", "_", "-", starting with a letter or digit: no "..", no separator).
 */
import type { SchemaKit } from './schema-kit.js';

/** The registry's name rule (engine/models/registry.ts), repeated: this module must not import the registry at runtime. */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const modelName = (s: SchemaKit) =>
  s.z
    .string({ error: 'expected a model name as text' })
    // A refinement, not .regex(): the payload check passes a custom message through, and this one says what is allowed.
    .refine((v) => MODEL_NAME_PATTERN.test(v), 'expected a model name of letters, digits, ".", "_" or "-" (up to 64, starting with a letter or digit)');

export const modelVersion = (s: SchemaKit) => s.z.number({ error: 'expected a version number' }).int().min(1).max(1_000_000_000);

export const modelStage = (s: SchemaKit) => s.z.enum(['none', 'staging', 'production', 'archived']);
