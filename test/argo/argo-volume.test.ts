/**
 * The shared-volume form of the export (no --artifacts): every task mounts the workflow's volume,
 * writes its outputs to /artifacts/<task>/ and reads its inputs from there. iris-prepare run as Argo
 * would gives the rows of the in-process run, row for row, in each split table.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openDataPlane } from '../../engine/data/data-plane.js';
import { createEngine, type Engine } from '../../engine/engine.js';
import type { TableValue } from '../../engine/values.js';
import { nodeCatalog } from '../../nodes/index.js';
import { runWorkflowLocally, type WorkflowManifest } from '../testing/argo-local.js';
import { ROOT, runCli, tempDir } from '../testing/cli-harness.js';

const SAMPLES = join(ROOT, 'pipelines-samples');
const IRIS = join(SAMPLES, 'iris-prepare.pipeline.json');
const resolveCommand = (command: string[]) =>
  command[0] === 'lifecycle-studio' ? [process.execPath, join(ROOT, 'cli/bin.mjs'), ...command.slice(1)] : command;
let dir: string;
let engine: Engine;

beforeAll(async () => {
  dir = tempDir('argo-volume-');
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: join(dir, 'ws') });
});
afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('export --to argo with a shared volume', () => {
  it('iris-prepare: the split tables on the volume hold the rows of the in-process run', { timeout: 600_000 }, async () => {
    const local = await engine.run(JSON.parse(await readFile(IRIS, 'utf8')) as never, { documentPath: IRIS });
    const out = join(dir, 'wf.yaml');
    const exported = await runCli(['export', IRIS, '--to', 'argo', '--data-claim', 'samples', '--out', out]);
    expect(exported.code).toBe(0);
    const argo = await runWorkflowLocally(parse(await readFile(out, 'utf8')) as WorkflowManifest, {
      root: join(dir, 'argo'),
      claims: { samples: join(SAMPLES, 'data') },
      resolveCommand,
    });
    expect(Object.values(argo.tasks).map((t) => t.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    const volume = await openDataPlane(':memory:');
    try {
      for (const port of ['train', 'test']) {
        const parquet = join(dir, 'argo', 'volumes', 'artifacts', 'split', port, 'table.parquet');
        const there = await volume.all<{ r: string }>(`SELECT to_json(t)::VARCHAR AS r FROM read_parquet('${parquet}') t`);
        const table = (local.nodes.split.outputs![port] as TableValue).table;
        const here = await engine.data.all<{ r: string }>(`SELECT to_json(t)::VARCHAR AS r FROM "${table}" t`);
        expect(there.map((x) => x.r)).toEqual(here.map((x) => x.r));
      }
    } finally {
      volume.close();
    }
  });
});
