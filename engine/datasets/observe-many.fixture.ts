/** A second process for dataset-store.test.ts: records `count` runs of one version, as fast as it can. */
import { DatasetStore } from './dataset-store.js';

const [workspace, tag, count] = process.argv.slice(2);
const store = new DatasetStore(workspace);
const at = Date.now();
await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    store.observe({
      fingerprint: '10:0123456789abcdef0123',
      path: '/data/a.csv',
      kind: 'table',
      use: { runId: `${tag}-${i}`, at: at + i, nodeId: 'imp', pipelineName: 'p', status: 'done' },
      profile: { rows: 1, columns: [] },
    }),
  ),
);
