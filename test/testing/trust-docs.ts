/**
 * Pipeline documents for the trust-boundary tests: the attacks of issue 8 written as a stranger
 * would ship them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { ROOT } from './cli-harness.js';

/** One Import node reading `path` (as stored in the document). */
export function importDoc(path: string, id = 'trust-import'): PipelineDocument {
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id,
    name: 'Import only',
    nodes: [{ id: 'import', type: 'import-dataset', typeVersion: 1, params: { path }, position: { x: 0, y: 0 } }],
    edges: [],
  };
}

/** Import then SQL transform running `sql` on the imported table. */
export function sqlDoc(path: string, sql: string): PipelineDocument {
  const doc = importDoc(path, 'trust-sql');
  doc.nodes.push({ id: 'sql', type: 'sql-transform', typeVersion: 1, params: { sql }, position: { x: 200, y: 0 } });
  doc.edges.push({ id: 'e1', source: { node: 'import', port: 'table' }, target: { node: 'sql', port: 'a' } });
  return doc;
}

/** The shipped adult train-evaluate sample plus a Package model node writing to `folder`. */
export function packageDoc(folder: string, dataPath: string): PipelineDocument {
  const doc = JSON.parse(readFileSync(join(ROOT, 'pipelines-samples/adult-train-evaluate.pipeline.json'), 'utf8')) as PipelineDocument;
  doc.nodes.find((n) => n.id === 'import')!.params.path = dataPath;
  doc.nodes.push({ id: 'package', type: 'package-model', typeVersion: 1, params: { folder }, position: { x: 0, y: 400 } });
  doc.edges.push({ id: 'p1', source: { node: 'train', port: 'model' }, target: { node: 'package', port: 'model' } });
  doc.edges.push({ id: 'p2', source: { node: 'goals', port: 'report' }, target: { node: 'package', port: 'report' } });
  return doc;
}
