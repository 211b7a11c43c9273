/**
 * `lifecycle-studio watch` end to end: the real CLI spawned on a real pipeline with a watched
 * folder; a copy of iris.csv dropped in chunks starts one run, logged with its outcome; SIGINT
 * stops the watch with exit code 0. Waits on the process's output lines, never on time.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../engine/engine-types.js';
import { ROOT, SHARED_DATA, pipeline, tempDir, writeJson } from './testing/cli-harness.js';

/** Data rows of iris.csv, counted with `awk 'END{print NR-1}' iris.csv`. */
const IRIS_ROWS = 150;

function spawnCli(args: string[]) {
  const child = spawn(process.execPath, [join(ROOT, 'cli/bin.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; done: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = stdout.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(m);
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    check();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((done, fail) => {
      waiters.push({ re, done });
      check();
      void exited.then((code) => fail(new Error(`watch exited (${code}) before printing ${re}\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
    });
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

describe('lifecycle-studio watch', () => {
  it('runs the pipeline for a file dropped in its watched folder, logs the run, and stops cleanly on SIGINT', async () => {
    const dir = tempDir('ls-watch-');
    mkdirSync(join(dir, 'incoming'));
    writeFileSync(join(dir, 'seed.csv'), 'a\n1\n');
    const doc = {
      ...pipeline([{ id: 'imp', type: 'import-dataset', params: { path: 'seed.csv' } }]),
      triggers: [{ id: 'inbox', enabled: true, kind: 'watch-folder', folder: 'incoming', pattern: '*.csv', importNode: 'imp' }],
    };
    const path = writeJson(dir, 'watch.pipeline.json', doc);
    const cli = spawnCli(['watch', path]);
    try {
      await cli.waitFor(/Stop with Ctrl-C/);
      const iris = readFileSync(join(SHARED_DATA, 'iris.csv'));
      const dropped = join(dir, 'incoming', 'iris-new.csv');
      const third = Math.ceil(iris.length / 3);
      for (let at = 0; at < iris.length; at += third) await appendFile(dropped, iris.subarray(at, at + third));
      const [line, runId] = await cli.waitFor(/trigger "inbox": run (run-[\w-]+) (\w+) in .*\n/);
      expect(line).toContain(`succeeded`);
      expect(line).toContain(`(${dropped})`);
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      expect(cli.output().stdout).toMatch(/stopped\.\n$/);
      const record = JSON.parse(readFileSync(join(dir, '.lifecycle-studio', 'runs', `${runId}.json`), 'utf8')) as RunRecord;
      expect(record.trigger).toEqual({ id: 'inbox', kind: 'watch-folder', detail: dropped });
      expect(record.nodes.imp.summaries?.table.rowCount).toBe(IRIS_ROWS);
      // Exactly one triggered run.
      expect(readdirSync(join(dir, '.lifecycle-studio', 'runs')).filter((f) => f.endsWith('.json'))).toEqual([`${runId}.json`]);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('stops cleanly on SIGTERM too', async () => {
    const dir = tempDir('ls-watch-');
    writeFileSync(join(dir, 'seed.csv'), 'a\n1\n');
    const doc = {
      ...pipeline([{ id: 'imp', type: 'import-dataset', params: { path: 'seed.csv' } }]),
      triggers: [{ id: 'nightly', enabled: true, kind: 'schedule', cron: '0 3 * * *' }],
    };
    const cli = spawnCli(['watch', writeJson(dir, 'cron.pipeline.json', doc)]);
    await cli.waitFor(/schedule "nightly" \(0 3 \* \* \*\)/);
    await cli.waitFor(/Stop with Ctrl-C/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(/stopped\.\n$/);
  });

  it('refuses a watched folder outside the allowed folders with exit code 2', async () => {
    const dir = tempDir('ls-watch-');
    const outside = tempDir('ls-outside-');
    const doc = {
      ...pipeline([{ id: 'imp', type: 'import-dataset', params: { path: 'seed.csv' } }]),
      triggers: [{ id: 'far', enabled: true, kind: 'watch-folder', folder: outside, importNode: 'imp' }],
    };
    const cli = spawnCli(['watch', writeJson(dir, 'far.pipeline.json', doc)]);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toContain(`trigger "far": folder ${outside} lies outside the folders this pipeline may use`);
    expect(cli.output().stderr).toContain(`--allow-path ${outside}`);
  });
});
