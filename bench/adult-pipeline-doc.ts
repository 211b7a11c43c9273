/**
 * The adult pipeline as a document: import adult-train and adult-test (header-less, "?" missing),
 * strip the test labels' trailing "." (SQL), train logistic regression (5 epochs, learning rate
 * 0.01), score the test file, evaluate. Run by adult-pipeline-engine.ts and, as a file, by
 * `lifecycle-studio run` in adult-pipeline.bench.ts.
 */
import { join } from 'node:path';
import { ADULT_COLUMNS } from '../nodes/testing/test-data.js';

const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, typeVersion: 1, label: id, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  id: `${from}-${to}-${toPort}`,
  source: { node: from, port: fromPort },
  target: { node: to, port: toPort },
});

export function adultDocument(dataDir: string) {
  const imp = (file: string) => ({ path: join(dataDir, file), header: 'no', columnNames: ADULT_COLUMNS, missingMarkers: ['?', ''] });
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'adult-bench',
    name: 'adult bench',
    nodes: [
      node('importTrain', 'import-dataset', imp('adult-train.csv')),
      node('importTest', 'import-dataset', imp('adult-test.csv')),
      node('fix', 'sql-transform', { sql: "SELECT * REPLACE (rtrim(income, '.') AS income) FROM a" }),
      node('train', 'train', { target: 'income', model: 'linear', epochs: 5, learningRate: 0.01 }),
      node('score', 'score', { batchSize: 8192 }),
      node('evaluate', 'evaluate', {}),
    ],
    edges: [
      edge('importTest', 'table', 'fix', 'a'),
      edge('importTrain', 'table', 'train', 'train'),
      edge('train', 'model', 'score', 'model'),
      edge('fix', 'output', 'score', 'table'),
      edge('score', 'table', 'evaluate', 'scored'),
    ],
  };
}
