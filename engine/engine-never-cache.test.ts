/**
 * Below a node that runs every time (a monitor over a growing prediction log), the cache key cannot
 * tell whether the inputs changed: such nodes run again instead of reusing a stale verdict.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createEngine, type Engine } from './engine.js';
import type { ReportValue } from './values.js';
import { fakeNodes, makeDoc, ranCount } from './testing/fake-nodes.fixture.js';

let dir: string;
let engine: Engine | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-never-cache-'));
  ranCount.clear();
});
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  await rm(dir, { recursive: true, force: true });
});

it('a gate below a never-cached node runs again and sees its new figures', async () => {
  engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir });
  const doc = makeDoc(
    [
      ['watch', 'watch'],
      ['gate', 'gate', { min: 2 }],
      ['deploy', 'deploy'],
    ],
    ['watch.metrics -> gate.metrics', 'gate.report -> deploy.approval'],
  );
  const first = await engine.run(doc);
  expect((first.nodes.gate.outputs?.report as ReportValue).gate?.passed).toBe(false);
  expect(first.nodes.deploy.status).toBe('blocked');
  // The watch reports total 2 now: the gate must judge that, not reuse its first verdict.
  const plan = await engine.plan(doc);
  expect(plan.map((p) => [p.nodeId, p.status, p.reason.code])).toEqual([
    ['watch', 'stale', 'never-cache'],
    ['gate', 'stale', 'input-changed'],
    ['deploy', 'stale', 'never-cache'],
  ]);
  const second = await engine.run(doc);
  expect(second.nodes.gate.status).toBe('done');
  expect(second.nodes.gate.reason).toMatchObject({ code: 'input-changed', changed: ['watch'] });
  expect((second.nodes.gate.outputs?.report as ReportValue).gate?.passed).toBe(true);
  expect(second.nodes.deploy.status).toBe('done');
  expect(ranCount.get('gate')).toBe(2);
});
