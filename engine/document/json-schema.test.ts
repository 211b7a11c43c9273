import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_PATH, pipelineJsonSchemaText } from './write-json-schema.js';

describe('pipeline.schema.json', () => {
  it('matches the zod schema (run `node --import tsx engine/document/write-json-schema.ts` to refresh)', () => {
    expect(readFileSync(JSON_SCHEMA_PATH, 'utf8')).toBe(pipelineJsonSchemaText());
  });

  it('describes the document fields users edit', () => {
    const schema = JSON.parse(readFileSync(JSON_SCHEMA_PATH, 'utf8'));
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'schemaVersion', 'id', 'name', 'nodes', 'edges']));
    expect(schema.properties.format.const).toBe('lifecycle-studio.pipeline');
    expect(schema.additionalProperties).toBe(false);
  });
});
