/**
 * The real CLI, spawned as a user would run it, on small pipelines in a temp folder: exit codes
 * 0 / 1 / 2, `--set`, `--json` events, `validate` and `nodes`.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_CRASH_ENV, TEST_HOOKS_ENV } from '../engine/process/protocol.js';
import { jsonLines, pipeline, ROOT, runCli, SHARED_DATA, tempDir, writeJson } from './testing/cli-harness.js';

// 12 data rows; rows 3 and 7 (counting data rows from 1) each have one empty cell, so dropping
// rows with a missing value leaves 10. Counted by hand from the literal below.
const PEOPLE_CSV = `name,age,city
Ann,34,Oslo
Bob,28,Lima
Cid,,Rome
Dee,45,Oslo
Eve,51,Lima
Fay,23,Rome
Gus,39,
Hal,62,Oslo
Ida,31,Lima
Jon,27,Rome
Kim,48,Oslo
Lea,36,Lima
`;
// 5 data rows, none missing.
const FEW_CSV = `name,age,city
Mo,30,Oslo
Ned,41,Lima
Ola,22,Rome
Pia,57,Oslo
Quy,33,Lima
`;

const dropMissing = { steps: [{ op: 'missing', columns: [], missingAction: 'drop' }] };

let dir: string;
let good: string;
beforeAll(() => {
  dir = tempDir();
  writeFileSync(join(dir, 'people.csv'), PEOPLE_CSV);
  writeFileSync(join(dir, 'few.csv'), FEW_CSV);
  good = writeJson(
    dir,
    'good.pipeline.json',
    pipeline(
      [
        { id: 'imp', type: 'import-dataset', params: { path: 'people.csv' } },
        { id: 'clean', type: 'clean', params: dropMissing },
      ],
      [['imp:table', 'clean:input']],
    ),
  );
});

const finished = (stdout: string, nodeId: string) =>
  jsonLines(stdout).find((e) => e.type === 'node-finished' && e.nodeId === nodeId) as { outputs: Record<string, { rowCount?: number }> } | undefined;

describe('lifecycle-studio run', () => {
  it('exits 0 on success, prints each node as it goes, and records the run beside the pipeline', async () => {
    // No --workspace: the default is .lifecycle-studio/ beside the pipeline file.
    const r = await runCli(['run', good]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imp\s+done in/);
    expect(r.stdout).toMatch(/clean\s+done in/);
    expect(r.stdout).toMatch(/Run succeeded/);
    expect(r.stdout).toContain(`Run record: ${join(dir, '.lifecycle-studio', 'runs')}`);
  });

  it('--json prints engine events, one per line, with the real row counts', async () => {
    const r = await runCli(['run', good, '--json', '--workspace', join(dir, 'ws-json')]);
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events[0].type).toBe('run-started');
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(finished(r.stdout, 'imp')?.outputs.table.rowCount).toBe(12);
    expect(finished(r.stdout, 'clean')?.outputs.output.rowCount).toBe(10);
  });

  it('--set overrides a param before validation', async () => {
    const r = await runCli(['run', good, '--json', '--set', 'imp.path=few.csv', '--workspace', join(dir, 'ws-set')]);
    expect(r.code).toBe(0);
    expect(finished(r.stdout, 'imp')?.outputs.table.rowCount).toBe(5);
  });

  it('exits 2 naming the node and param when a --set value is invalid, and runs nothing', async () => {
    const r = await runCli(['run', good, '--set', 'imp.sampleSize=-5', '--workspace', join(dir, 'ws-badset')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Import dataset \(imp\): Rows sampled for detection: expected a whole number of at least 0, got -5$/m);
    expect(r.stdout).not.toMatch(/Run /);
    // The engine process starts before the document is checked, but opens the workspace only for a run.
    expect(existsSync(join(dir, 'ws-badset'))).toBe(false);
  });

  it('exits 2 when --set names a node that does not exist', async () => {
    const r = await runCli(['run', good, '--set', 'split.ratio=0.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no node with id "split" in this pipeline (its nodes: "imp", "clean")');
  });

  it('exits 1 when a node fails, prints its message, and skips what depends on it', async () => {
    const bad = writeJson(
      dir,
      'missing-file.pipeline.json',
      pipeline(
        [
          { id: 'imp', type: 'import-dataset', params: { path: 'no-such-file.csv' } },
          { id: 'clean', type: 'clean', params: dropMissing },
        ],
        [['imp:table', 'clean:input']],
      ),
    );
    const r = await runCli(['run', bad, '--workspace', join(dir, 'ws-fail')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/imp\s+FAILED: .*no-such-file\.csv/);
    expect(r.stdout).toMatch(/clean\s+skipped/);
    expect(r.stdout).toMatch(/Run failed/);
  });

  it('exits 1 when a business-goal gate fails, even with nothing behind the gate', async () => {
    const gated = writeJson(
      dir,
      'gate.pipeline.json',
      pipeline(
        [
          { id: 'imp', type: 'import-dataset', params: { path: join(SHARED_DATA, 'iris.csv') } },
          { id: 'split', type: 'split', params: { testRatio: 0.2, stratify: 'species' } },
          { id: 'train', type: 'train', params: { target: 'species', model: 'linear', epochs: 2 } },
          { id: 'score', type: 'score' },
          { id: 'eval', type: 'evaluate' },
          // Log loss is never 0 for a model that outputs probabilities, so this rule cannot pass.
          {
            id: 'goals',
            type: 'validate-goals',
            params: { rules: [{ metric: 'log_loss', metricName: '', scope: 'overall', className: '', comparison: 'at-most', threshold: 0 }] },
          },
        ],
        [
          ['imp:table', 'split:input'],
          ['split:train', 'train:train'],
          ['train:model', 'score:model'],
          ['split:test', 'score:table'],
          ['score:table', 'eval:scored'],
          ['eval:metrics', 'goals:metrics'],
        ],
      ),
    );
    // The data lies outside the pipeline's folder: the user allows it (issue 8).
    const r = await runCli(['run', gated, '--workspace', join(dir, 'ws-gate'), '--allow-path', SHARED_DATA]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Run succeeded/);
    expect(r.stderr).toContain('Business-goal gate "goals" did not pass:');
    expect(r.stderr).toMatch(/log.loss/i);
  });

  it('exits 1 with the plain crash message when the engine process dies mid-run', async () => {
    const r = await runCli(['run', good, '--workspace', join(dir, 'ws-crash')], {
      env: { [TEST_HOOKS_ENV]: '1', [TEST_CRASH_ENV]: 'sigkill' },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/imp\s+running/);
    expect(r.stdout).toContain('Run failed');
    expect(r.stdout).toContain('The engine process stopped unexpectedly (signal SIGKILL). Your pipeline and earlier outputs are safe; run again to continue.');
  });

  it('exits 2 for an invalid document, naming the JSON path of every problem', async () => {
    const doc = pipeline([
      { id: 'imp', type: 'import-dataset', params: { path: 'people.csv' } },
      { id: 'x', type: 'no-such-node' },
    ]);
    (doc.nodes[0] as { typeVersion: unknown }).typeVersion = 'one';
    const r = await runCli(['run', writeJson(dir, 'invalid.pipeline.json', doc)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nodes\[0\]\.typeVersion: /m);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for a file that is not JSON', async () => {
    writeFileSync(join(dir, 'broken.json'), '{ "format": ');
    const r = await runCli(['run', join(dir, 'broken.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
  });
});

describe('lifecycle-studio validate and nodes', () => {
  it('validate exits 0 for a good pipeline and 2 for a bad one', async () => {
    const ok = await runCli(['validate', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid');
    const cyc = writeJson(
      dir,
      'cycle.pipeline.json',
      pipeline(
        [
          { id: 'a', type: 'clean', params: dropMissing },
          { id: 'b', type: 'clean', params: dropMissing },
        ],
        [
          ['a:output', 'b:input'],
          ['b:output', 'a:input'],
        ],
      ),
    );
    const bad = await runCli(['validate', cyc]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cycle/);
  });

  it('nodes --json lists the catalogue with stages, ports and params', async () => {
    const r = await runCli(['nodes', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { type: string; stage: string; outputs: { name: string; kind: string }[]; params: Record<string, { kind: string }> }[];
    const imp = list.find((d) => d.type === 'import-dataset');
    expect(imp?.stage).toBe('prepare');
    expect(imp?.outputs.map((o) => `${o.name}:${o.kind}`)).toEqual(['table:table', 'rejects:table']);
    expect(imp?.params.path.kind).toBe('file');
    expect(list.find((d) => d.type === 'clean')?.params.steps.kind).toBe('records');
  });

  it('is installed as the package bin, so `npx lifecycle-studio` works in a checkout', async () => {
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'lifecycle-studio', 'nodes', '--json'], { cwd: join(ROOT, 'pipelines-samples') });
    expect((JSON.parse(stdout) as { type: string }[]).map((d) => d.type)).toContain('import-dataset');
  });

  it('an unknown command exits 2 with the usage', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command "frobnicate"');
    expect(r.stderr).toContain('run ');
  });
});
