/**
 * Labels by hand (the labelling view's label set) -> Fine-tune, through the real engine: the labelled
 * rows become the examples, the unlabelled ones are counted and named, none silently dropped.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { createEngine, type Engine } from '../../engine/engine.js';
import { tableFromText } from '../../engine/graph/table-paste.js';
import { writeLabelSet } from '../../engine/labels/label-store.js';
import { rowKeys } from '../../engine/labels/row-key.js';
import type { ReportValue, TableValue } from '../../engine/values.js';
import { nodeCatalog } from '../index.js';

const REVIEWS = 'review\tstars\ngreat food\t5\nawful service\t1\nfine\t3\ncold soup\t2\nloved it\t5\nslow\t2\n';
// The labels a person gives, by review text; "fine", "loved it" and "slow" stay unlabelled (rows 3, 5, 6).
const TRUTH: Record<string, string> = { 'great food': 'positive', 'awful service': 'negative', 'cold soup': 'negative' };

const doc: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'label-tune',
  name: 'Label then fine-tune',
  nodes: [
    { id: 'data', type: 'enter-data', typeVersion: 1, params: { table: tableFromText(REVIEWS) }, position: { x: 0, y: 0 } },
    { id: 'labels', type: 'labels', typeVersion: 1, params: { labelSet: 'reviews', column: 'label', unlabelled: 'keep' }, position: { x: 200, y: 0 } },
    {
      id: 'tune',
      type: 'fine-tune',
      typeVersion: 1,
      params: { action: 'export', textColumn: 'review', answerColumn: 'label', system: 'Sentiment?', baseUrl: 'http://127.0.0.1:9/v1', apiKey: '' },
      position: { x: 400, y: 0 },
    },
  ],
  edges: [
    { id: 'e1', source: { node: 'data', port: 'output' }, target: { node: 'labels', port: 'input' } },
    { id: 'e2', source: { node: 'labels', port: 'output' }, target: { node: 'tune', port: 'table' } },
  ],
};

let dir: string;
let engine: Engine;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-label-tune-'));
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: dir, versions: () => ({ tfBackend: 'cpu' }) });
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

it('the rows labelled by hand become the training examples; the unlabelled are counted and named', async () => {
  const first = await engine.run(doc);
  const data = first.nodes.data.outputs!.output as TableValue;
  const page = await engine.page({ table: data.table, offset: 0, limit: 100 });
  const keys = rowKeys(
    page.columns.map((c) => c.name),
    page.rows,
    'label',
  );
  const changes = page.rows.flatMap((row, i) => (TRUTH[row[0] as string] ? [{ key: keys[i], label: TRUTH[row[0] as string] }] : []));
  await writeLabelSet(dir, 'reviews', { column: 'label', classes: ['positive', 'negative'], changes });

  const record = await engine.run(doc);
  expect(record.status, JSON.stringify(record.error)).toBe('succeeded');
  const report = record.nodes.tune.outputs!.report as ReportValue;
  const lines = (await readFile(report.files[0].path, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => [l.messages[1].content, l.messages[2].content])).toEqual([
    ['great food', 'positive'],
    ['awful service', 'negative'],
    ['cold soup', 'negative'],
  ]);
  expect(report.markdown).toContain('3 of 6 rows left out: no answer in "label" (rows 3, 5, 6)');
});
