/**
 * Issue 9, headless: `run` and `validate` name a node with a problem by its title and label, as the
 * window shows it, not by `nodes[2]`; `--json` keeps the JSON path for machines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline, runCli, tempDir, writeJson } from './testing/cli-harness.js';

const NAMED = 'Train model "Train" (train-2): Target column is required: choose a column';

let file: string;
beforeAll(() => {
  const doc = pipeline(
    [
      { id: 'import', type: 'import-dataset', params: { path: 'iris.csv' } },
      { id: 'split', type: 'split', params: {} },
      { id: 'train-2', type: 'train', params: { target: '' } },
    ],
    [
      ['import:table', 'split:input'],
      ['split:train', 'train-2:train'],
    ],
  );
  (doc.nodes[2] as { label?: string }).label = 'Train';
  file = writeJson(tempDir('ls-scope-cli-'), 'scope.pipeline.json', doc);
});

describe('the CLI names nodes by label', () => {
  it('run exits 2 naming Train by its label, and --json keeps the path', async () => {
    const r = await runCli(['run', file, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toContain(NAMED);
    expect(r.stderr).not.toContain('nodes[2]');
    const line = JSON.parse(r.stdout.trim()) as { type: string; issues: { path: string; nodeId: string }[] };
    expect(line).toMatchObject({ type: 'validation-failed', issues: [{ path: 'nodes[2].params.target', nodeId: 'train-2' }] });
  });

  it('validate prints the same line', async () => {
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toContain(NAMED);
  });
});
