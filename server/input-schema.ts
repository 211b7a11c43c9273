/**
 * The JSON Schema of one raw input row as callers see it (docs page, MCP tool, bundle README): the
 * package's own `manifest.json` schema when the model is a package (it carries category examples),
 * else the schema generated from the model's input columns.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_JSON, type JsonSchema } from '../engine/models/package/index.js';
import { rowSchema } from './openapi.js';
import type { InputColumn, ServedModel } from './served-model.js';

/** One documented input column: its name, JSON type, and example values when the package has them. */
export interface ColumnDoc extends InputColumn {
  examples: unknown[];
}

/** The row schema of the served model, without `$schema` so that it can sit inside another schema. */
export async function servedRowSchema(served: ServedModel): Promise<JsonSchema> {
  const manifest = join(served.dir, MANIFEST_JSON);
  // served-model.ts has checked every file of a package against its manifest before the server starts.
  const schema = existsSync(manifest)
    ? ((JSON.parse(await readFile(manifest, 'utf8')) as { inputSchema?: JsonSchema }).inputSchema ?? rowSchema(served))
    : rowSchema(served);
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/** The columns of a row schema, in the schema's order, typed as the server checks them. */
export function columnDocs(schema: JsonSchema): ColumnDoc[] {
  const properties = (schema.properties ?? {}) as Record<string, { type?: string | string[]; examples?: unknown[] }>;
  return Object.entries(properties).map(([name, p]) => {
    const types = Array.isArray(p.type) ? p.type : [p.type];
    return { name, type: types.includes('number') || types.includes('integer') ? 'number' : 'text', examples: p.examples ?? [] };
  });
}

/** An example row: each column's first example, else 0 for a number and "" for text (missing counts as a value). */
export function exampleRow(columns: readonly ColumnDoc[]): Record<string, number | string> {
  return Object.fromEntries(columns.map((c) => [c.name, (c.examples[0] as number | string | undefined) ?? (c.type === 'number' ? 0 : '')]));
}
