/**
 * Issue 9: a run checks only the nodes it will run. Split wired into a new Train whose target is
 * still empty: "Run node" on Split runs, "Run all" is refused naming Train by its label, and the
 * plan (the window's stale marks) still answers. Real engine, real node catalogue, real DuckDB.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../engine/document/schema.js';
import type { RunTarget } from '../engine/engine-types.js';
import { createEngine, type Engine } from '../engine/engine.js';
import type { EngineError } from '../engine/errors.js';
import { toWireStudioError } from '../hosts/shared/host-error.js';
import { startEngine } from '../cli/engine-host.js';
import { nodeCatalog } from '../nodes/index.js';
import { SHARED_DATA, tempDir } from './testing/cli-harness.js';

const NAMED_LINE = 'Train model "Train" (train-2): Target column is required: choose a column';

/** Rows of iris.csv, counted with `awk 'END{print NR-1}' iris.csv`. */
const IRIS_ROWS = 150;

let base: string;
let engine: Engine;
const documentPath = () => join(base, 'p.pipeline.json');
const options = () => ({ documentPath: documentPath(), allowedRoots: [base] });

beforeAll(async () => {
  base = tempDir('ls-scope-');
  mkdirSync(join(base, 'ws'));
  copyFileSync(join(SHARED_DATA, 'iris.csv'), join(base, 'iris.csv'));
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: join(base, 'ws') });
});
afterAll(async () => {
  await engine?.close();
  await rm(base, { recursive: true, force: true });
});

const node = (id: string, type: string, params: Record<string, unknown>, label?: string) => ({
  id,
  type,
  typeVersion: 1,
  params,
  position: { x: 0, y: 0 },
  ...(label ? { label } : {}),
});
const edge = (from: string, to: string) => {
  const [sn, sp] = from.split('.');
  const [tn, tp] = to.split('.');
  return { id: `${from}->${to}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
};

/** Import -> Split -> a new Train (label "Train") whose target column is still empty, as the window makes it. */
function scenario(extra: Partial<PipelineDocument> = {}): PipelineDocument {
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'scope',
    name: 'Scope',
    nodes: [
      node('import', 'import-dataset', { path: 'iris.csv' }),
      node('split', 'split', { testRatio: 0.2, seed: 7 }),
      node('train-2', 'train', { target: '' }, 'Train'),
    ],
    edges: [edge('import.table', 'split.input'), edge('split.train', 'train-2.train')],
    ...extra,
  } as PipelineDocument;
}

const refusal = (doc: PipelineDocument, target?: RunTarget) =>
  engine.run(doc, { ...options(), target }).then(
    () => undefined,
    (e: unknown) => e as EngineError,
  );

describe('a run checks the nodes it will run', () => {
  it('Run node on Split succeeds with an unconfigured Train below it, and records the Train problem as a warning', async () => {
    const record = await engine.run(scenario(), { ...options(), target: { mode: 'node', nodeId: 'split' } });
    expect(record.status).toBe('succeeded');
    expect(Object.keys(record.nodes).sort()).toEqual(['import', 'split']);
    const parts = record.nodes.split.summaries!;
    expect(parts.train.rowCount! + parts.test.rowCount!).toBe(IRIS_ROWS);
    expect(record.warnings).toEqual([expect.objectContaining({ severity: 'warning', nodeId: 'train-2', path: 'nodes[2].params.target' })]);
  });

  it('Run all is refused, naming Train by its label; the JSON path stays in the details', async () => {
    const error = await refusal(scenario());
    expect(error?.code).toBe('DOCUMENT_INVALID');
    expect(error!.message).toBe('The pipeline has 1 problem(s):\nTrain model "Train" (train-2): Target column is required: choose a column');
    expect(error!.details).toEqual([expect.objectContaining({ path: 'nodes[2].params.target', nodeId: 'train-2', severity: 'error' })]);
  });

  it('Run from Split is refused too (Train runs below it); Run node on Train names it by title and id without a label', async () => {
    expect((await refusal(scenario(), { mode: 'from', nodeId: 'split' }))?.message).toContain('Train model "Train" (train-2): Target column is required');
    const unlabelled = scenario();
    delete (unlabelled.nodes[2] as { label?: string }).label;
    expect((await refusal(unlabelled, { mode: 'node', nodeId: 'train-2' }))?.message).toContain('\nTrain model (train-2): Target column is required');
  });

  it('a param named in a message without its label gets the label', async () => {
    const doc = scenario();
    doc.nodes[1].params.testRatio = 5;
    const error = await refusal(doc, { mode: 'node', nodeId: 'split' });
    expect(error!.message).toContain('Split (split): Test share: expected a number between 0.01 and 0.99, got 5');
  });

  it('a problem of the whole document still refuses every run', async () => {
    const unknown = scenario();
    unknown.nodes.push(node('odd', 'no-such-node', {}));
    expect((await refusal(unknown, { mode: 'node', nodeId: 'split' }))?.message).toContain('no-such-node (odd):');
    const cycle = scenario();
    cycle.nodes.push(node('c1', 'clean', {}), node('c2', 'clean', {}));
    cycle.edges.push(edge('c1.output', 'c2.input'), edge('c2.output', 'c1.input'));
    expect((await refusal(cycle, { mode: 'node', nodeId: 'split' }))?.message).toMatch(/form a cycle/);
  });

  // After the first test ran Import and Split, the plan finds both reusable.
  it('the plan answers for the nodes that can run and leaves the broken Train out', async () => {
    const plan = await engine.plan(scenario(), options());
    expect(plan.map((p) => p.nodeId)).toEqual(['import', 'split']);
    expect(plan.every((p) => p.status === 'cached')).toBe(true);
  });

  it('across the engine process and the host wire, the refusal keeps its issues with their JSON paths', async () => {
    const remote = startEngine(join(base, 'ws-remote'));
    try {
      const error = await remote.run(scenario(), options()).then(
        () => undefined,
        (e: unknown) => e as Error & { code: string },
      );
      expect(error?.code).toBe('DOCUMENT_INVALID');
      const wire = toWireStudioError(error);
      expect(wire.message).toContain(NAMED_LINE);
      expect(wire.issues).toEqual([expect.objectContaining({ path: 'nodes[2].params.target', nodeId: 'train-2' })]);
    } finally {
      await remote.close();
    }
  });
});
