/**
 * The pipeline document: the file users export, share and run headless. One zod schema validates
 * it on every way in (file open, import, IPC, CLI); `pipeline.schema.json` is generated from it.
 */
import { z } from 'zod';
import { triggersSchema } from './triggers.js';

export const PIPELINE_FORMAT = 'lifecycle-studio.pipeline';
export const CURRENT_SCHEMA_VERSION = 1;

const id = z.string().min(1, 'expected a non-empty id').max(200);

export const portRefSchema = z.strictObject({
  node: id,
  port: z.string().min(1),
});

export const positionSchema = z.strictObject({ x: z.number(), y: z.number() });

export const nodeSchema = z.strictObject({
  id,
  type: z.string().min(1),
  typeVersion: z.number().int().min(1),
  label: z.string().max(200).optional(),
  params: z.record(z.string(), z.unknown()),
  position: positionSchema,
});

export const edgeSchema = z.strictObject({
  id,
  source: portRefSchema,
  target: portRefSchema,
});

/** Sticky notes live on the canvas and in the file, but the engine ignores them. */
export const noteSchema = z.strictObject({
  id,
  text: z.string().max(10_000),
  position: positionSchema,
  size: z.strictObject({ width: z.number().positive(), height: z.number().positive() }).optional(),
});

export const viewportSchema = z.strictObject({ x: z.number(), y: z.number(), zoom: z.number().positive() });

export const pipelineSchema = z.strictObject({
  /** Lets editors find `pipeline.schema.json` (e.g. "../pipeline.schema.json"); the engine ignores it. */
  $schema: z.string().optional(),
  format: z.literal(PIPELINE_FORMAT),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id,
  name: z.string().min(1).max(200),
  description: z.string().max(10_000).optional(),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
  notes: z.array(noteSchema).optional(),
  viewport: viewportSchema.optional(),
  /** Automations that start runs of this pipeline (run by a host: `watch`, the app); see triggers.ts. */
  triggers: triggersSchema.optional(),
});

export type PipelineDocument = z.infer<typeof pipelineSchema>;
export type PipelineNode = z.infer<typeof nodeSchema>;
export type PipelineEdge = z.infer<typeof edgeSchema>;
export type PipelineNote = z.infer<typeof noteSchema>;
export type PortRef = z.infer<typeof portRefSchema>;
