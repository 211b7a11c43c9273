import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePipeline } from '../../engine/document/parse.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { serializePipeline } from '../../engine/document/serialize.js';
import { createEngine, type Engine } from '../../engine/engine.js';
import type { TableValue } from '../../engine/values.js';
import { tableFromText } from '../../engine/graph/table-paste.js';
import { nodeCatalog } from '../index.js';

// What a user copies from a spreadsheet: five typed columns, one missing cell per row but the first.
const PASTED = [
  'name\tvisits\tscore\tactive\tjoined',
  'Ada\t3\t0.5\tTRUE\t2024-01-31',
  'Bob\t\t2.25\tFALSE\t2023-12-01',
  'Cy\t7\t\tyes\t',
  'Di\t-2\t1e2\t\t2020-02-29',
].join('\n');

const doc = (table: unknown): PipelineDocument => ({
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'enter',
  name: 'Enter data',
  nodes: [{ id: 'data', type: 'enter-data', typeVersion: 1, params: { table }, position: { x: 0, y: 0 } }],
  edges: [],
});

let dir: string;
let engine: Engine;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-enter-data-'));
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: join(dir, 'ws'), versions: () => ({ tfBackend: 'cpu' }) });
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

async function runTable(document: PipelineDocument, force = false) {
  const record = await engine.run(document, force ? { force: ['data'] } : {});
  expect(record.status, JSON.stringify(record.error)).toBe('succeeded');
  const out = record.nodes.data.outputs!.output as TableValue;
  const rows = await engine.data.all(`SELECT * FROM ${out.table}`);
  return { out, rows };
}

describe('Enter data', () => {
  it('turns a pasted spreadsheet table into a DuckDB table with the detected types', async () => {
    const { out, rows } = await runTable(doc(tableFromText(PASTED)));
    expect(out.columns).toEqual([
      { name: 'name', type: 'VARCHAR' },
      { name: 'visits', type: 'BIGINT' },
      { name: 'score', type: 'DOUBLE' },
      { name: 'active', type: 'BOOLEAN' },
      { name: 'joined', type: 'DATE' },
    ]);
    // Read back as text, so dates compare without a time zone.
    const text = await engine.data.all(`SELECT name, visits, score, active, CAST(joined AS VARCHAR) AS joined FROM ${out.table}`);
    expect(text).toEqual([
      { name: 'Ada', visits: 3, score: 0.5, active: true, joined: '2024-01-31' },
      { name: 'Bob', visits: null, score: 2.25, active: false, joined: '2023-12-01' },
      { name: 'Cy', visits: 7, score: null, active: true, joined: null },
      { name: 'Di', visits: -2, score: 100, active: null, joined: '2020-02-29' },
    ]);
    expect(rows).toHaveLength(4);
  });

  it('refuses to run a cell that is not of its column type, naming row, column and value', async () => {
    const table = tableFromText(PASTED);
    const bad = { ...table, columns: table.columns.map((c) => (c.name === 'name' ? { ...c, type: 'integer' } : c)) };
    await expect(engine.run(doc(bad))).rejects.toThrow(/row 1, column "name": "Ada" is not a whole number; fix the cell or change the column type/);
  });

  it('survives save and reload: the reloaded document re-runs to the same table', async () => {
    const first = doc(tableFromText(PASTED));
    const before = await runTable(first);
    const file = join(dir, 'enter.pipeline.json');
    await writeFile(file, serializePipeline(first));
    const reloaded = parsePipeline(JSON.parse(await readFile(file, 'utf8')));
    expect(reloaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(reloaded.document!.nodes[0].params).toEqual(first.nodes[0].params);
    const after = await runTable(reloaded.document!, true);
    expect(after.out.columns).toEqual(before.out.columns);
    expect(after.rows).toEqual(before.rows);
  });
});
