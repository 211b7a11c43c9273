/**
 * `requiresPassingGate` as a function of params: a node that records a refusal (Package model's
 * "register as archived") runs behind a failed gate when its params say so, and is blocked otherwise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from './engine.js';
import { defineNode } from './node-def.js';
import { defineRunner } from './node-run.js';
import { fakeNodes, makeDoc } from './testing/fake-nodes.fixture.js';
import type { ReportValue } from './values.js';

const recordDef = defineNode({
  type: 'test.record',
  typeVersion: 1,
  title: 'Record',
  stage: 'package',
  icon: 'package',
  description: 'Refuses a failed gate, or records it when "onFailedGate" is "record".',
  inputs: [{ name: 'approval', kind: 'report', label: 'Approval' }],
  outputs: [{ name: 'report', kind: 'report', label: 'Recorded' }],
  params: {
    onFailedGate: {
      kind: 'select',
      label: 'On a failed gate',
      default: 'refuse',
      options: [
        { value: 'refuse', label: 'Refuse' },
        { value: 'record', label: 'Record' },
      ],
    },
  },
  requiresPassingGate: (p) => p.onFailedGate !== 'record',
  neverCache: true,
});
const ran: string[] = [];
const recordImpl = defineRunner(recordDef, async (ctx, inputs) => {
  ran.push(ctx.nodeId);
  return { report: { kind: 'report' as const, title: `recorded: gate ${(inputs.approval as ReportValue).gate?.passed ? 'passed' : 'failed'}`, files: [] } };
});

let dir: string;
let engine: Engine;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-gate-params-'));
  ran.length = 0;
  engine = await createEngine({ nodes: [...fakeNodes, recordImpl], workspaceDir: dir, versions: () => ({ tfBackend: 'wasm' }) });
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

/** source (0..9, total 45) -> sum -> gate (total >= 100 fails) -> record -> deploy. */
const doc = (onFailedGate?: string) =>
  makeDoc(
    [
      ['source', 'source'],
      ['sum', 'sum'],
      ['gate', 'gate', { min: 100 }],
      ['record', 'record', onFailedGate ? { onFailedGate } : {}],
      ['deploy', 'deploy'],
    ],
    ['source.table -> sum.table', 'sum.metrics -> gate.metrics', 'gate.report -> record.approval', 'record.report -> deploy.approval'],
  );

describe('requiresPassingGate decided by params', () => {
  it('by default (refuse) the node is blocked by the failed gate and does not run', async () => {
    const record = await engine.run(doc());
    expect(record.status).toBe('blocked');
    expect(record.nodes.record.status).toBe('blocked');
    expect(ran).toEqual([]);
  });

  it('with "record" it runs behind the failed gate, and a node below that requires the gate is still blocked by it', async () => {
    const record = await engine.run(doc('record'));
    expect(ran).toEqual(['record']);
    expect(record.nodes.record.status).toBe('done');
    expect((record.nodes.record.outputs?.report as { title: string }).title).toBe('recorded: gate failed');
    expect(record.nodes.deploy.status).toBe('blocked');
    expect(record.status).toBe('blocked');
  });
});
