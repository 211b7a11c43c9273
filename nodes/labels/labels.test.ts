import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { createEngine, type Engine } from '../../engine/engine.js';
import type { EngineEvent } from '../../engine/events.js';
import { tableFromText } from '../../engine/graph/table-paste.js';
import { readLabelSet, writeLabelSet } from '../../engine/labels/label-store.js';
import { rowKeys } from '../../engine/labels/row-key.js';
import type { TableValue } from '../../engine/values.js';
import { nodeCatalog } from '../index.js';

const REVIEWS = 'review\tstars\ngreat food\t5\nawful service\t1\nfine\t3\ncold soup\t2\nloved it\t5\nslow\t2\n';
// The labels a person gives, by review text (the hand-written truth the test checks against).
const TRUTH: Record<string, string> = { 'great food': 'pos', 'awful service': 'neg', 'cold soup': 'neg' };

function pipeline(order: 'ASC' | 'DESC', unlabelled: 'keep' | 'drop' = 'keep'): PipelineDocument {
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'labels',
    name: 'Labels',
    nodes: [
      { id: 'data', type: 'enter-data', typeVersion: 1, params: { table: tableFromText(REVIEWS) }, position: { x: 0, y: 0 } },
      // Upstream work whose row order changes between runs.
      { id: 'sql', type: 'sql-transform', typeVersion: 1, params: { sql: `SELECT * FROM a ORDER BY review ${order}` }, position: { x: 200, y: 0 } },
      { id: 'labels', type: 'labels', typeVersion: 1, params: { labelSet: 'reviews', column: 'label', unlabelled }, position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: { node: 'data', port: 'output' }, target: { node: 'sql', port: 'a' } },
      { id: 'e2', source: { node: 'sql', port: 'output' }, target: { node: 'labels', port: 'input' } },
    ],
  };
}

let dir: string;
let engine: Engine;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-labels-'));
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: dir, versions: () => ({ tfBackend: 'cpu' }) });
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(doc: PipelineDocument) {
  const logs: string[] = [];
  const onEvent = (e: EngineEvent) => {
    if (e.type === 'node-log' && e.nodeId === 'labels') logs.push(e.message);
  };
  const record = await engine.run(doc, { onEvent });
  expect(record.status, JSON.stringify(record.error)).toBe('succeeded');
  const table = (id: string) => record.nodes[id].outputs!.output as TableValue;
  return { logs, sql: table('sql'), labelled: table('labels') };
}

/** Labels three rows the way the labelling view does: keys of the rows of a page of the table. */
async function labelByHand(table: TableValue) {
  const page = await engine.page({ table: table.table, offset: 0, limit: 100 });
  const names = page.columns.map((c) => c.name);
  const keys = rowKeys(names, page.rows, 'label');
  const changes = page.rows.flatMap((row, i) => (TRUTH[row[0] as string] ? [{ key: keys[i], label: TRUTH[row[0] as string] }] : []));
  await writeLabelSet(dir, 'reviews', { column: 'label', classes: ['pos', 'neg'], changes });
}

describe('Labels', () => {
  it('keeps hand labels through a re-run upstream that reorders the rows, and counts them', async () => {
    const first = await run(pipeline('ASC'));
    await labelByHand(first.sql);
    const stored = JSON.parse(await readFile(join(dir, 'labels', 'reviews.json'), 'utf8')) as { labels: Record<string, string> };
    expect(Object.values(stored.labels).sort()).toEqual(['neg', 'neg', 'pos']);

    const second = await run(pipeline('DESC'));
    const rows = await engine.data.all<{ review: string; stars: number; label: string | null }>(`SELECT * FROM ${second.labelled.table}`);
    // The upstream order is kept (reversed now), and each review has the label given to it.
    expect(rows.map((r) => r.review)).toEqual(['slow', 'loved it', 'great food', 'fine', 'cold soup', 'awful service']);
    expect(rows.map((r) => [r.review, r.label])).toEqual(rows.map((r) => [r.review, TRUTH[r.review] ?? null]));
    expect(second.labelled.columns.map((c) => c.name)).toEqual(['review', 'stars', 'label']);
    expect(second.logs).toContain('3 of 6 rows labelled by hand (label set "reviews"); 3 without a label kept with an empty label.');
  });

  it('leaves unlabelled rows out on request, and corrects an existing label column', async () => {
    const first = await run(pipeline('ASC'));
    await labelByHand(first.sql);
    const dropped = await run(pipeline('ASC', 'drop'));
    expect(dropped.labelled.rowCount).toBe(3);
    expect(dropped.logs).toContain('3 of 6 rows labelled by hand (label set "reviews"); 3 without a label left out.');

    // A table that already has a label column: hand labels replace its values, others stay.
    const doc = pipeline('ASC');
    doc.nodes[1].params = { sql: `SELECT *, 'pos' AS label FROM a ORDER BY review` };
    const corrected = await run(doc);
    const rows = await engine.data.all<{ review: string; label: string }>(`SELECT review, label FROM ${corrected.labelled.table}`);
    // Every row came labelled 'pos'; the two TRUTH says are 'neg' are corrected, the rest keep 'pos'.
    expect(Object.fromEntries(rows.map((r) => [r.review, r.label]))).toEqual({
      'awful service': 'neg',
      'cold soup': 'neg',
      fine: 'pos',
      'great food': 'pos',
      'loved it': 'pos',
      slow: 'pos',
    });
    expect(corrected.logs[0]).toBe(
      '3 of 6 rows labelled by hand (label set "reviews"), 3 kept their label from the input; 0 without a label kept with an empty label.',
    );
  });

  it('re-runs itself and what follows when the label set changes, and is reused while it does not', async () => {
    const doc = pipeline('ASC');
    doc.nodes.push({ id: 'count', type: 'sql-transform', typeVersion: 1, params: { sql: 'SELECT count(label) AS n FROM a' }, position: { x: 600, y: 0 } });
    doc.edges.push({ id: 'e3', source: { node: 'labels', port: 'output' }, target: { node: 'count', port: 'a' } });
    const countOf = async (record: Awaited<ReturnType<Engine['run']>>) =>
      (await engine.data.all<{ n: number }>(`SELECT n FROM ${(record.nodes.count.outputs!.output as TableValue).table}`))[0].n;
    const first = await engine.run(doc);
    expect(await countOf(first)).toBe(0);
    const again = await engine.run(doc);
    expect([again.nodes.labels.status, again.nodes.count.status]).toEqual(['cached', 'cached']);
    await labelByHand(first.nodes.sql.outputs!.output as TableValue);
    const labelled = await engine.run(doc);
    expect([labelled.nodes.sql.status, labelled.nodes.labels.status, labelled.nodes.count.status]).toEqual(['cached', 'done', 'done']);
    expect(await countOf(labelled)).toBe(3);
  });

  it('writes the set atomically and keeps every edit of quick successive writes', async () => {
    await Promise.all(['a', 'b', 'c'].map((k, i) => writeLabelSet(dir, 'quick', { changes: [{ key: k.repeat(16), label: String(i) }] })));
    expect((await readLabelSet(dir, 'quick')).labels).toEqual({ aaaaaaaaaaaaaaaa: '0', bbbbbbbbbbbbbbbb: '1', cccccccccccccccc: '2' });
    await writeLabelSet(dir, 'quick', { changes: [{ key: 'b'.repeat(16), label: null }] });
    expect(Object.keys((await readLabelSet(dir, 'quick')).labels)).toEqual(['aaaaaaaaaaaaaaaa', 'cccccccccccccccc']);
    await expect(readLabelSet(dir, '../escape')).rejects.toThrow(/is not a label set name/);
    await writeFile(join(dir, 'labels', 'broken.json'), '{"column": "label", "labels": [1]');
    await expect(readLabelSet(dir, 'broken')).rejects.toThrow(/labels[/\\]broken\.json is not a label set .*delete it to start the set afresh/);
    await writeFile(join(dir, 'labels', 'broken.json'), '{"column": "label", "classes": [], "labels": {"k": 3}}');
    await expect(readLabelSet(dir, 'broken')).rejects.toThrow(/is not a label set/);
  });
});
