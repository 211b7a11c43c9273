/**
 * A test-only node that runs one SQL statement of its param on the run's DuckDB connection, as a
 * node with a bug (or a future node taking user SQL) would: what DuckDB itself lets through.
 */
import { defineNode } from '../../engine/node-def.js';
import { defineRunner } from '../../engine/node-run.js';
import type { PipelineDocument } from '../../engine/document/schema.js';

const def = defineNode({
  type: 'test.raw-sql',
  typeVersion: 1,
  title: 'Raw SQL',
  stage: 'prepare',
  icon: 'database',
  description: 'Runs a statement unchecked.',
  inputs: [],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  params: { sql: { kind: 'text', label: 'SQL', default: 'SELECT 1' } },
  neverCache: true,
});

export const rawSqlNode = defineRunner(def, async (ctx, _inputs, params) => {
  const rows = await ctx.data.all(params.sql);
  return { metrics: { kind: 'metrics' as const, metrics: { rows: rows.length } } };
});

export function rawSqlDoc(sql: string): PipelineDocument {
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'raw-sql',
    name: 'Raw SQL',
    nodes: [{ id: 'raw', type: 'test.raw-sql', typeVersion: 1, params: { sql }, position: { x: 0, y: 0 } }],
    edges: [],
  };
}
