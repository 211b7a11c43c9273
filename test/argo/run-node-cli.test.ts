/**
 * `lifecycle-studio run-node` as a workflow step runs it: iris-prepare one node at a time, each
 * reading the previous step's portable outputs; exit codes as `run` (2 nothing ran, 1 the step
 * failed); the same path trust as `run`. Row counts come from awk and sort on the CSV.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SHARED_DATA, runCli, tempDir } from '../testing/cli-harness.js';
import { rmSync } from 'node:fs';

const IRIS = join(ROOT, 'pipelines-samples/iris-prepare.pipeline.json');
const IRIS_CSV = join(ROOT, 'pipelines-samples/data/iris.csv');
let dir: string;
const summary = async (out: string) => JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
const step = (node: string, out: string, ...more: string[]) =>
  runCli(['run-node', IRIS, '--node', node, '--outputs', join(dir, out), '--workspace', join(dir, `ws-${out}`), ...more]);

beforeAll(() => {
  dir = tempDir('run-node-');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run-node', () => {
  it('runs iris-prepare step by step through portable values', { timeout: 300_000 }, async () => {
    const imported = await step('import', 'import');
    expect(imported.code).toBe(0);
    const rows = Number(execFileSync('awk', ['NR>1{n++} END{print n}', IRIS_CSV], { encoding: 'utf8' }));
    expect((await summary(join(dir, 'import'))).rowCounts).toEqual({ table: rows, rejects: 0 });
    // --input names one port's folder; a file:// URI is a folder too.
    const clean = await step('clean', 'clean', '--input', `input=file://${join(dir, 'import', 'table')}`);
    expect(clean.code).toBe(0);
    const distinct = Number(execFileSync('sh', ['-c', `awk 'NR>1' '${IRIS_CSV}' | sort -u | wc -l`], { encoding: 'utf8' }));
    expect((await summary(join(dir, 'clean'))).rowCounts).toEqual({ output: distinct });
    // --inputs holds one folder per port, as Argo lays out input artifacts.
    await mkdir(join(dir, 'split-in'), { recursive: true });
    execFileSync('cp', ['-r', join(dir, 'clean', 'output'), join(dir, 'split-in', 'input')]);
    const split = await step('split', 'split', '--inputs', join(dir, 'split-in'), '--set', 'split.testRatio=0.5');
    expect(split.code).toBe(0);
    const counts = (await summary(join(dir, 'split'))).rowCounts as Record<string, number>;
    expect(counts.train + counts.test + counts.validation).toBe(distinct);
    // Stratified by species, half of each class: 50, 50, 49 rows per class -> 25 + 25 + 24 or 25 in test.
    expect(Math.abs(counts.test - distinct / 2)).toBeLessThanOrEqual(2);
  });

  it('exits 2 before running for a missing input folder, an unknown node or an s3:// location', { timeout: 120_000 }, async () => {
    const noInput = await step('clean', 'x1');
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toContain('input "input" of node "clean" (from "import".table) has no folder');
    const unknown = await step('nope', 'x2');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no node "nope" in this pipeline');
    const s3 = await runCli(['run-node', IRIS, '--node', 'import', '--outputs', 's3://bucket/out']);
    expect(s3.code).toBe(2);
    expect(s3.stderr).toContain('uses s3://, which this build cannot reach');
  });

  it('exits 1 when the step fails, with the reason in summary.json', { timeout: 120_000 }, async () => {
    await mkdir(join(dir, 'empty-in', 'input'), { recursive: true });
    const failed = await step('clean', 'failed', '--inputs', join(dir, 'empty-in'));
    expect(failed.code).toBe(1);
    const s = await summary(join(dir, 'failed'));
    expect(s).toMatchObject({ node: 'clean', status: 'skipped', exitCode: 1 });
    expect((s.error as { message: string }).message).toContain(`${join(dir, 'empty-in', 'input')} cannot be read: value.json`);
  });

  it('has the trust of run: a file outside the allowed folders needs --allow-path', { timeout: 120_000 }, async () => {
    const outside = await step('import', 'outside', '--set', `import.path=${join(SHARED_DATA, 'iris.csv')}`);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('outside the folders this pipeline may use');
    const allowed = await step('import', 'allowed', '--set', `import.path=${join(SHARED_DATA, 'iris.csv')}`, '--allow-path', SHARED_DATA);
    expect(allowed.code).toBe(0);
  });

  it('blocks a gated node whose report input carries a failed gate, exit 1 as run', { timeout: 120_000 }, async () => {
    const sample = JSON.parse(await readFile(join(ROOT, 'pipelines-samples/adult-train-evaluate.pipeline.json'), 'utf8')) as {
      nodes: unknown[];
      edges: unknown[];
    };
    sample.nodes.push({ id: 'package', type: 'package-model', typeVersion: 3, params: { name: 'adult-income' }, position: { x: 0, y: 0 } });
    for (const [from, port, to] of [
      ['train', 'model', 'model'],
      ['goals', 'report', 'report'],
      ['evaluate', 'metrics', 'metrics'],
    ]) {
      sample.edges.push({ id: `${from}-${to}`, source: { node: from, port }, target: { node: 'package', port: to } });
    }
    const pipeline = join(dir, 'gated.pipeline.json');
    await writeFile(pipeline, JSON.stringify(sample));
    const inputs = join(dir, 'gated-in');
    const value = async (port: string, v: object) => {
      await mkdir(join(inputs, port), { recursive: true });
      await writeFile(join(inputs, port, 'value.json'), JSON.stringify({ format: 'lifecycle-studio.value', version: 1, value: v }));
    };
    await value('model', { kind: 'model', dir: 'model', format: 'tfjs', summary: {} });
    await mkdir(join(inputs, 'model', 'model'), { recursive: true });
    await value('metrics', { kind: 'metrics', metrics: { accuracy: 0.5 } });
    const rule = { rule: 'accuracy at least 0.99', passed: false, measured: 0.5, message: 'accuracy is 0.5' };
    await value('report', { kind: 'report', title: 'Goals', files: [], gate: { passed: false, rules: [rule] } });
    const out = join(dir, 'gated-out');
    const blocked = await runCli(['run-node', pipeline, '--node', 'package', '--inputs', inputs, '--outputs', out, '--workspace', join(dir, 'ws-gated')]);
    expect(blocked.code).toBe(1);
    expect(await summary(out)).toMatchObject({ status: 'blocked', exitCode: 1, error: { code: 'GATE_FAILED' } });
  });
});
