/**
 * Monitor and retrain, end to end and headless, with real processes and real HTTP: v1 (trained on
 * part of adult-train) is deployed; adult-test rows, then the same rows 15 years older, go through
 * /predict; a monitor on the endpoint's prediction log flags the drift; new labelled rows land in a
 * watched folder and `lifecycle-studio watch` runs the retrain pipeline: the challenger and the
 * production model are scored on one holdout, the gate "better than the second model" decides,
 * Package promotes v2 and Deploy swaps the endpoint to it while a client loop runs through the swap
 * without a failed request. A second, garbled file (labels swapped) gives a worse challenger: it is
 * registered archived with the reason, Deploy stays blocked and the endpoint keeps serving v2.
 * Everything waits on events (log lines, run records, answers), never on time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../engine/engine-types.js';
import { listModels, showModel } from '../engine/models/registry.js';
import type { MetricsValue } from '../engine/values.js';
import { ServiceManager } from '../hosts/shared/services/service-manager.js';
import { jsonLines, pipeline, ROOT, runCli, SHARED_DATA, tempDir, writeJson } from './testing/cli-harness.js';

const COLUMNS =
  'age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income';

/** Writes adult rows `from`..`to` (1-based data lines) as a CSV with a header; python3 strips the spaces, "?" becomes empty, the test file's "." after the label goes. */
function adultCsv(source: string, from: number, to: number, dest: string, transform = ''): void {
  const script = `
import csv, sys
src, a, b, dest, how = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rows = [r for r in csv.reader(open(src)) if len(r) == 15]
out = csv.writer(open(dest, 'w', newline=''))
out.writerow(sys.argv[6].split(','))
for r in rows[a - 1:b]:
    r = [x.strip().rstrip('.') for x in r]
    r = ['' if x == '?' else x for x in r]
    if how == 'older': r[0] = str(int(r[0]) + 15)
    if how == 'swap-labels': r[14] = '>50K' if r[14] == '<=50K' else '<=50K'
    out.writerow(r)
`;
  const res = spawnSyncPython(script, [join(SHARED_DATA, source), String(from), String(to), dest, transform || 'none', COLUMNS]);
  if (res) throw new Error(res);
}

function spawnSyncPython(script: string, args: string[]): string | undefined {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  return r.status === 0 ? undefined : r.stderr;
}

function readCsv(path: string): Record<string, string | number>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    const row: Record<string, string | number> = {};
    names.forEach((n, i) => {
      if (n === 'income') return;
      const v = cells[i];
      row[n] = /^-?\d+$/.test(v) ? Number(v) : v;
    });
    return row;
  });
}

/** The CLI as a child process whose output lines can be awaited. */
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
        stdout = stdout.slice((m.index ?? 0) + m[0].length);
        w.done(m);
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), check()));
  // A run that did not succeed is logged on stderr: both streams are matched.
  child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), (stdout += d.toString()), check()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const waitFor = (re: RegExp) =>
    new Promise<RegExpMatchArray>((done, fail) => {
      waiters.push({ re, done });
      check();
      void exited.then((code) => fail(new Error(`the CLI exited (${code}) before printing ${re}\nstdout:\n${stdout}\nstderr:\n${stderr}`)));
    });
  return { child, exited, waitFor };
}

const dir = tempDir('ls-loop-');
const ws = join(dir, 'ws');
const services = new ServiceManager({ workspaceDir: ws });

afterAll(async () => {
  for (const s of await services.list()) if (s.status !== 'stopped') await services.stop(s.id);
});

async function predict(url: string, rows: unknown[]): Promise<{ status: number; version?: string }> {
  const res = await fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify({ rows }), headers: { 'content-type': 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as { version?: string };
  return { status: res.status, version: body.version };
}

async function runOnce(doc: unknown, name: string): Promise<RunRecord> {
  const res = await runCli(['run', writeJson(dir, name, doc), '--json', '--workspace', ws]);
  const done = jsonLines(res.stdout).find((l) => l.type === 'run-finished') as { record?: RunRecord; runId?: string } | undefined;
  const runId = done?.runId ?? (jsonLines(res.stdout).find((l) => l.type === 'run-started') as { runId?: string } | undefined)?.runId;
  if (!runId) throw new Error(`no run in the output of ${name}:\n${res.stdout}\n${res.stderr}`);
  return JSON.parse(readFileSync(join(ws, 'runs', `${runId}.json`), 'utf8')) as RunRecord;
}

const NAME = 'adult-income';
const train = (epochs: number, learningRate: number) => ({ target: 'income', model: 'linear', epochs, learningRate, batchSize: 64, seed: 7 });

describe('monitor and retrain, headless', () => {
  it('deploys v1, sees drift, retrains on a new file, promotes v2 through a swap without a failed request, then archives a worse challenger', async () => {
    mkdirSync(join(dir, 'incoming'), { recursive: true });
    // v1 is deliberately undertrained (one epoch, small steps) on 3,000 rows; the challenger gets 6,000 new rows and 5 epochs.
    adultCsv('adult-train.csv', 1, 3_000, join(dir, 'v1.csv'));
    adultCsv('adult-train.csv', 30_001, 32_561, join(dir, 'holdout.csv'));
    adultCsv('adult-test.csv', 1, 500, join(dir, 'traffic.csv'));
    adultCsv('adult-test.csv', 1, 500, join(dir, 'traffic-older.csv'), 'older');

    // Every pipeline shares one id, so its Deploy node is one owner: a new version swaps into the same service.
    const holdout = [
      { id: 'holdout', type: 'import-dataset', params: { path: 'holdout.csv' } },
      { id: 'score', type: 'score', params: {} },
      { id: 'evaluate', type: 'evaluate', params: { target: 'income' } },
    ];
    const boot = pipeline(
      [
        { id: 'imp', type: 'import-dataset', params: { path: 'v1.csv' } },
        { id: 'train', type: 'train', params: train(1, 0.001) },
        ...holdout,
        { id: 'goals', type: 'validate-goals', params: { rules: [{ metric: 'accuracy', comparison: 'at-least', threshold: 0.5 }] } },
        { id: 'package', type: 'package-model', params: { name: NAME, stage: 'production' } },
        { id: 'deploy', type: 'deploy', params: {} },
      ],
      [
        ['imp:table', 'train:train'],
        ['train:model', 'score:model'],
        ['holdout:table', 'score:table'],
        ['score:table', 'evaluate:scored'],
        ['evaluate:metrics', 'goals:metrics'],
        ['train:model', 'package:model'],
        ['goals:report', 'package:report'],
        ['evaluate:metrics', 'package:metrics'],
        ['package:model', 'deploy:model'],
      ],
    );
    const v1 = await runOnce(boot, 'boot.pipeline.json');
    expect(v1.status).toBe('succeeded');
    const url = (v1.nodes.deploy.outputs?.endpoint as { url: string }).url;
    expect((await predict(url, readCsv(join(dir, 'traffic.csv')).slice(0, 2))).version).toBe('1');

    // Traffic: 5 requests of 100 adult-test rows, then the same rows 15 years older.
    const traffic = readCsv(join(dir, 'traffic.csv'));
    const older = readCsv(join(dir, 'traffic-older.csv'));
    for (let i = 0; i < 5; i++) expect((await predict(url, traffic.slice(i * 100, i * 100 + 100))).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await predict(url, older.slice(i * 100, i * 100 + 100))).status).toBe(200);

    // The monitor: the production model's reference statistics against the endpoint's last 5 requests.
    const monitorDoc = pipeline(
      [
        { id: 'champion', type: 'registered-model', params: { name: NAME, stage: 'production' } },
        { id: 'deploy', type: 'deploy', params: {} },
        { id: 'monitor', type: 'monitor', params: { window: 'requests', lastRequests: 5, driftShare: 0.05 } },
      ],
      [
        ['champion:model', 'deploy:model'],
        ['champion:model', 'monitor:model'],
        ['deploy:endpoint', 'monitor:endpoint'],
      ],
    );
    const monitored = await runOnce(monitorDoc, 'monitor.pipeline.json');
    expect(monitored.status).toBe('succeeded');
    const drift = monitored.nodes.monitor.outputs?.metrics as MetricsValue;
    expect(drift.metrics.dataset_drift).toBe(1);
    expect(drift.groups?.age?.drifted).toBe(1);

    // The retrain pipeline, run by `lifecycle-studio watch` when a file lands in incoming/.
    const retrain = {
      ...pipeline(
        [
          { id: 'imp', type: 'import-dataset', params: { path: 'v1.csv' } },
          { id: 'train', type: 'train', params: train(5, 0.01) },
          ...holdout,
          { id: 'champion', type: 'registered-model', params: { name: NAME, stage: 'production' } },
          { id: 'score-champion', type: 'score', params: {} },
          { id: 'goals', type: 'validate-goals', params: { rules: [{ metric: 'accuracy', comparison: 'better-than-second', threshold: 0.001 }] } },
          { id: 'package', type: 'package-model', params: { name: NAME, stage: 'production', onFailedGate: 'archive' } },
          { id: 'deploy', type: 'deploy', params: {} },
        ],
        [
          ['imp:table', 'train:train'],
          ['train:model', 'score:model'],
          ['holdout:table', 'score:table'],
          ['champion:model', 'score-champion:model'],
          ['holdout:table', 'score-champion:table'],
          ['score:table', 'evaluate:scored'],
          ['score-champion:table', 'evaluate:compare'],
          ['evaluate:metrics', 'goals:metrics'],
          ['train:model', 'package:model'],
          ['goals:report', 'package:report'],
          ['evaluate:metrics', 'package:metrics'],
          ['package:model', 'deploy:model'],
        ],
      ),
      triggers: [{ id: 'new-data', enabled: true, kind: 'watch-folder', folder: 'incoming', pattern: '*.csv', importNode: 'imp' }],
    };
    const seen = { ok: 0, failed: 0, versions: new Set<string>() };
    let stop = false;
    const watch = spawnCli(['watch', writeJson(dir, 'retrain.pipeline.json', retrain), '--workspace', ws]);
    try {
      await watch.waitFor(/Stop with Ctrl-C/);
      // A steady client through the swap: every answer counted, until the run is logged and v2 answers.
      const client = (async () => {
        while (!stop) {
          const r = await predict(url, traffic.slice(0, 3)).catch(() => ({ status: 0, version: undefined }));
          if (r.status === 200) seen.ok++;
          else seen.failed++;
          if (r.version) seen.versions.add(r.version);
        }
      })();
      adultCsv('adult-train.csv', 3_001, 9_000, join(dir, '.new.csv'));
      renameSync(join(dir, '.new.csv'), join(dir, 'incoming', 'new.csv'));
      const [, round1, status1] = await watch.waitFor(/trigger "new-data": run (run-[\w-]+) (\w+) in .*\n/);
      expect(status1).toBe('succeeded');
      // The run is over, so the swap is done: the next answers come from v2.
      await predict(url, traffic.slice(0, 3));
      stop = true;
      await client;
      expect(seen.failed).toBe(0);
      expect([...seen.versions].sort()).toEqual(['1', '2']);
      expect((await predict(url, traffic.slice(0, 3))).version).toBe('2');
      const record1 = JSON.parse(readFileSync(join(ws, 'runs', `${round1}.json`), 'utf8')) as RunRecord;
      expect(record1.trigger).toMatchObject({ id: 'new-data', kind: 'watch-folder' });
      const m1 = (record1.nodes.evaluate.outputs?.metrics as MetricsValue).metrics;
      expect(m1.accuracy - m1.compare_accuracy).toBeGreaterThanOrEqual(0.001);
      expect((await listModels(join(ws, 'models')))[0].versions.map((v) => `${v.version}:${v.stage}`)).toEqual(['1:archived', '2:production']);

      // Round 2: labels swapped, so the challenger is far worse than v2: archived with the reason, the endpoint keeps v2.
      adultCsv('adult-train.csv', 9_001, 12_000, join(dir, '.bad.csv'), 'swap-labels');
      renameSync(join(dir, '.bad.csv'), join(dir, 'incoming', 'bad.csv'));
      const [, round2, status2] = await watch.waitFor(/trigger "new-data": run (run-[\w-]+) (\w+) in .*\n/);
      expect(status2).toBe('blocked');
      const record2 = JSON.parse(readFileSync(join(ws, 'runs', `${round2}.json`), 'utf8')) as RunRecord;
      expect(record2.nodes.package.status).toBe('done');
      expect(record2.nodes.deploy.status).toBe('blocked');
      const v3 = await showModel(join(ws, 'models'), NAME, 3);
      expect(v3.stage).toBe('archived');
      expect(v3.reason).toMatch(/^the business-goal gate failed on "accuracy better than the second model by at least 0.001" \(measured -0\.\d+\)$/);
      expect((await showModel(join(ws, 'models'), NAME, 2)).stage).toBe('production');
      expect((await predict(url, traffic.slice(0, 3))).version).toBe('2');
    } finally {
      stop = true;
      watch.child.kill('SIGINT');
      expect(await watch.exited).toBe(0);
    }
  }, 600_000);
});
