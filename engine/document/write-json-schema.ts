/**
 * Writes `pipeline.schema.json` at the repository root from the zod schema, for people who edit
 * pipeline files in an editor with JSON Schema support. Run after changing `schema.ts`:
 *
 *   node --import tsx engine/document/write-json-schema.ts
 *
 * `json-schema.test.ts` fails while the committed file is out of date.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { pipelineSchema } from './schema.js';

export const JSON_SCHEMA_PATH = fileURLToPath(new URL('../../pipeline.schema.json', import.meta.url));

/** The JSON Schema text exactly as it is committed. */
export function pipelineJsonSchemaText(): string {
  const schema = z.toJSONSchema(pipelineSchema, { target: 'draft-2020-12' });
  const withTitle = {
    $schema: schema.$schema,
    title: 'Lifecycle Studio pipeline',
    description: 'A pipeline document (format "lifecycle-studio.pipeline"). Generated from engine/document/schema.ts; do not edit by hand.',
    ...schema,
  };
  return `${JSON.stringify(withTitle, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFileAtomic(JSON_SCHEMA_PATH, pipelineJsonSchemaText());
  process.stdout.write(`wrote ${JSON_SCHEMA_PATH}\n`);
}
