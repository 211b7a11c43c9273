/**
 * The model lifecycle through the real CLI and engine process: import -> split -> train -> score ->
 * evaluate -> validate goals -> package. A failing business rule blocks packaging and the run exits 1;
 * a passing one packages the model and exits 0.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelPackage } from '../engine/models/package/read-package.js';
import { jsonLines, pipeline, runCli, SHARED_DATA, tempDir, writeJson } from './testing/cli-harness.js';
import { PENGUINS_LIFECYCLE_EDGES, penguinsLifecycleNodes } from './testing/penguins-lifecycle.js';

let dir: string;

function lifecycle(rule: Record<string, unknown>, pack: Record<string, unknown> = { folder: 'packaged', name: 'penguins' }) {
  return pipeline(
    penguinsLifecycleNodes({ path: join(SHARED_DATA, 'penguins.csv'), epochs: 20, rule: { threshold: 0.9, ...rule }, pack }),
    PENGUINS_LIFECYCLE_EDGES,
  );
}

beforeAll(() => {
  dir = tempDir('ls-gate-');
});

describe('business-goal gate through the CLI', () => {
  it('a failing rule blocks packaging and the run exits 1', async () => {
    const file = writeJson(dir, 'fail.pipeline.json', lifecycle({ metric: 'log_loss', comparison: 'at-most', threshold: 0.0001 }));
    const r = await runCli(['run', file, '--json', '--workspace', join(dir, 'ws-fail'), '--allow-path', SHARED_DATA]);
    const events = jsonLines(r.stdout);
    const blocked = events.find((e) => e.type === 'node-blocked') as { nodeId: string; failedRules: string[]; because: string } | undefined;
    expect(r.code).toBe(1);
    expect(blocked?.nodeId).toBe('pack');
    expect(blocked?.failedRules).toEqual(['log loss at most 0.0001']);
    // The message itself names the failed rule, not only the gate.
    expect(blocked?.because).toBe('the business-goal gate "goals" did not pass (failed: log loss at most 0.0001)');
    expect(events.some((e) => e.type === 'node-finished' && e.nodeId === 'goals')).toBe(true);
    expect(existsSync(join(dir, 'packaged'))).toBe(false);
  });

  it('passing rules let the model be registered in the workspace registry (no folder set) and the run exits 0', async () => {
    // No folder: the workspace's registry, <workspace>/models (a version-1 node, migrated to 3 on load).
    const file = writeJson(dir, 'pass.pipeline.json', lifecycle({}, { name: 'penguins' }));
    const r = await runCli(['run', file, '--json', '--workspace', join(dir, 'ws-pass'), '--allow-path', SHARED_DATA]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const evaluated = jsonLines(r.stdout).find((e) => e.type === 'node-finished' && e.nodeId === 'eval') as unknown as {
      outputs: { metrics: { metrics: Record<string, number> } };
    };
    expect(evaluated.outputs.metrics.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(readdirSync(join(dir, 'ws-pass', 'models', 'penguins', '1')).sort()).toEqual([
      'lineage.json',
      'manifest.json',
      'metrics.json',
      'model-card.html',
      'model-card.md',
      'model.json',
      'model.onnx',
      'recipe.json',
      'reference-stats.json',
      'training.json',
      'weights.bin',
    ]);
    // The metrics Evaluate measured travel in the package beside the gate outcome.
    const saved = JSON.parse(readFileSync(join(dir, 'ws-pass', 'models', 'penguins', '1', 'metrics.json'), 'utf8')) as {
      metrics: Record<string, number>;
      gate: { passed: boolean };
    };
    expect(saved.metrics.accuracy).toBe(evaluated.outputs.metrics.metrics.accuracy);
    expect(saved.gate.passed).toBe(true);
    // The package reads back verified, with the run that made it and the training rows it saw.
    const pkg = await readModelPackage(join(dir, 'ws-pass', 'models', 'penguins', '1'));
    const started = jsonLines(r.stdout).find((e) => e.type === 'run-started') as { runId: string } | undefined;
    expect(pkg.lineage.runId).toBe(started?.runId);
    // The document's hash as the run record keeps it (runs/<runId>.json in the workspace).
    const runFile = readdirSync(join(dir, 'ws-pass', 'runs')).find((f) => f.startsWith(started!.runId));
    const runRecord = JSON.parse(readFileSync(join(dir, 'ws-pass', 'runs', runFile!), 'utf8')) as { documentHash: string };
    expect(pkg.lineage.pipelineHash).toBe(runRecord.documentHash);
    expect(pkg.lineage.missing).toEqual([]);
    expect(existsSync(join(dir, 'models'))).toBe(false);
    expect(pkg.lineage.inputs.find((i) => i.role === 'train')?.rows).toBe(pkg.referenceStats?.rows);
    expect(pkg.referenceStats?.columns.map((c) => c.name)).toContain('bill_length_mm');
  });
});
