/**
 * Test helper run as its own Node process by `engine-restart.test.ts`: opens an engine on the
 * workspace given as argv[2], runs a small chain, prints one JSON line (status, per-node status
 * and reason codes, metrics), and exits. Two runs in two processes prove the cache outlives one.
 */
import { createEngine } from '../engine.js';
import { fakeNodes, makeDoc } from './fake-nodes.fixture.js';

const workspaceDir = process.argv[2];
const factor = Number(process.argv[3] ?? 2);
const engine = await createEngine({ nodes: fakeNodes, workspaceDir });
const record = await engine.run(
  makeDoc(
    [
      ['source', 'source', { rows: 10 }],
      ['scale', 'scale', { factor }],
      ['sum', 'sum'],
    ],
    ['source.table -> scale.table', 'scale.table -> sum.table'],
  ),
);
await engine.close();
const nodes = Object.fromEntries(Object.values(record.nodes).map((n) => [n.nodeId, `${n.status}:${n.reason?.code}`]));
process.stdout.write(`${JSON.stringify({ runId: record.runId, status: record.status, nodes, metrics: record.metrics, pid: process.pid })}\n`);
