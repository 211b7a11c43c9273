/**
 * The automations runner on a real engine (in-process, real DuckDB, real Import node) and real
 * files: a watched folder, a cron schedule on a clock the test advances, queued firings, refusals.
 * Tests wait on events (the watcher noticed a file, a run finished), never on wall-clock time.
 */
import { appendFileSync, linkSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trigger } from '../../../engine/document/triggers.js';
import { createEngine, type Engine } from '../../../engine/engine.js';
import { nodeCatalog } from '../../../nodes/index.js';
import { EventLog } from '../testing/event-log.js';
import { FakeClock } from '../testing/fake-clock.js';
import { RunStore, newRunId } from '../../../engine/runs/run-store.js';
import type { RunRecord } from '../../../engine/engine-types.js';
import { startAutomations, type AutomationEvent } from './automations.js';

let base: string;
let ws: string;
let engine: Engine;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'ls-auto-'));
  ws = join(base, 'ws');
  mkdirSync(join(base, 'incoming'));
  // 3 data rows: the pipeline as saved reads this file.
  writeFileSync(join(base, 'seed.csv'), 'x,y\n1,a\n2,b\n3,c\n');
  engine = await createEngine({ nodes: nodeCatalog, workspaceDir: ws });
});
afterAll(async () => {
  await engine?.close();
  await rm(base, { recursive: true, force: true });
});

function writePipeline(name: string, triggers: Trigger[]): string {
  const path = join(base, name);
  const doc = {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: name,
    name,
    nodes: [{ id: 'imp', type: 'import-dataset', typeVersion: 1, params: { path: 'seed.csv' }, position: { x: 0, y: 0 } }],
    edges: [],
    triggers,
  };
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  return path;
}

const start = (pipelinePath: string, clock: FakeClock, log: EventLog<AutomationEvent>) =>
  startAutomations({ engine, pipelinePath, workspaceDir: ws, allowedRoots: [base], clock, settleMs: 1000, rescanMs: 60_000, onEvent: log.push });

const finishedRuns = (log: EventLog<AutomationEvent>) =>
  log.all.filter((e): e is Extract<AutomationEvent, { type: 'run-finished' }> => e.type === 'run-finished');

describe('automations', () => {
  it('a file written in chunks in the watched folder starts one run, once it stops growing, with that file as the import', async () => {
    const pipelinePath = writePipeline('watch.pipeline.json', [
      { id: 'inbox', enabled: true, kind: 'watch-folder', folder: 'incoming', pattern: '*.csv', importNode: 'imp' },
    ]);
    const saved = readFileSync(pipelinePath, 'utf8');
    const clock = new FakeClock(Date.parse('2026-12-02T01:00:00Z'));
    const log = new EventLog<AutomationEvent>();
    const automations = await start(pipelinePath, clock, log);
    const file = join(base, 'incoming', 'batch-1.csv');
    const waitingAt = (size: number) => log.waitFor((e) => e.type === 'waiting' && e.file === file && e.size === size);
    try {
      // Chunks: header (4 bytes), two rows, then two more rows: 4 data rows in all, counted by hand.
      appendFileSync(file, 'x,y\n');
      await waitingAt(4);
      clock.advanceBy(999); // not yet quiet for a second
      appendFileSync(file, '10,p\n20,q\n');
      await waitingAt(14);
      clock.advanceBy(999); // the growth restarted the quiet time: still not taken
      expect(log.all.filter((e) => e.type === 'fired')).toEqual([]);
      appendFileSync(file, '30,r\n40,s\n');
      await waitingAt(24);
      clock.advanceBy(1000);
      const done = await log.waitFor((e) => e.type === 'run-finished');
      if (done.type !== 'run-finished') throw new Error('unreachable');
      expect(done.record.status).toBe('succeeded');
      expect(done.record.trigger).toEqual({ id: 'inbox', kind: 'watch-folder', detail: file });
      expect(done.record.document.nodes[0].params.path).toBe(file);
      expect(done.record.nodes.imp.summaries?.table.rowCount).toBe(4);
      // The record on disk names the trigger too, and the list shows it.
      expect((await engine.getRun(done.record.runId))?.trigger?.id).toBe('inbox');
      expect((await engine.listRuns()).find((r) => r.runId === done.record.runId)?.trigger).toEqual(done.record.trigger);

      // A rescan finds nothing new; a second file is the next (and only other) run.
      clock.advanceBy(60_000);
      const second = join(base, 'incoming', 'batch-2.csv');
      writeFileSync(second, 'x,y\n5,t\n');
      await log.waitFor((e) => e.type === 'waiting' && e.file === second);
      clock.advanceBy(1000);
      await log.waitFor((e) => e.type === 'run-finished', 2);
      expect(log.all.filter((e) => e.type === 'fired').map((e) => (e.type === 'fired' ? e.trigger.detail : ''))).toEqual([file, second]);
      expect(readFileSync(pipelinePath, 'utf8')).toBe(saved);
    } finally {
      await automations.stop();
    }
  });

  it('the rescan catches a change the folder watch never reports (a write through a hard link elsewhere)', async () => {
    mkdirSync(join(base, 'linked'));
    mkdirSync(join(base, 'elsewhere'));
    const watched = join(base, 'linked', 'shared.csv');
    writeFileSync(watched, 'x,y\n1,a\n');
    const other = join(base, 'elsewhere', 'shared.csv');
    linkSync(watched, other);
    const pipelinePath = writePipeline('linked.pipeline.json', [{ id: 'linked', enabled: true, kind: 'watch-folder', folder: 'linked', importNode: 'imp' }]);
    const clock = new FakeClock(Date.parse('2026-12-02T03:00:00Z'));
    const log = new EventLog<AutomationEvent>();
    const automations = await start(pipelinePath, clock, log);
    try {
      // inotify reports a write to the folder of the path written through, not to the watched one.
      appendFileSync(other, '2,b\n');
      clock.advanceBy(60_000);
      await log.waitFor((e) => e.type === 'waiting' && e.file === watched);
      clock.advanceBy(1000);
      const done = await log.waitFor((e) => e.type === 'run-finished');
      expect(done.type === 'run-finished' && done.record.nodes.imp.summaries?.table.rowCount).toBe(2);
    } finally {
      await automations.stop();
    }
  });

  it('a cron schedule fires at the time croner computes, and overlapping firings queue instead of overlapping', async () => {
    const pipelinePath = writePipeline('cron.pipeline.json', [{ id: 'often', enabled: true, kind: 'schedule', cron: '*/5 * * * *', timezone: 'UTC' }]);
    const clock = new FakeClock(Date.parse('2026-12-02T01:00:30Z'));
    const log = new EventLog<AutomationEvent>();
    const automations = await start(pipelinePath, clock, log);
    try {
      // Every 5 minutes, from 01:00:30: next at 01:05:00 (by hand).
      expect(automations.nextFirings()).toEqual({ often: Date.parse('2026-12-02T01:05:00Z') });
      clock.advanceTo(Date.parse('2026-12-02T01:04:59Z'));
      expect(log.all).toEqual([]);
      // 01:05 and 01:10 both due at once: two firings, run one after the other.
      clock.advanceTo(Date.parse('2026-12-02T01:10:00Z'));
      await log.waitFor((e) => e.type === 'run-finished', 2);
      const [a, b] = finishedRuns(log).map((e) => e.record);
      expect(a.trigger).toEqual({ id: 'often', kind: 'schedule', detail: 'cron */5 * * * * at 2026-12-02T01:05:00.000Z' });
      expect(b.trigger?.detail).toBe('cron */5 * * * * at 2026-12-02T01:10:00.000Z');
      expect(b.startedAt).toBeGreaterThanOrEqual(a.startedAt + a.durationMs);
      expect(automations.nextFirings()).toEqual({ often: Date.parse('2026-12-02T01:15:00Z') });
    } finally {
      await automations.stop();
    }
  });

  it('a failed triggered run is reported and the next firing still runs', async () => {
    const pipelinePath = writePipeline('fail.pipeline.json', [
      { id: 'drop', enabled: true, kind: 'watch-folder', folder: 'incoming', pattern: '*.tsv', importNode: 'imp' },
    ]);
    const clock = new FakeClock(Date.parse('2026-12-02T02:00:00Z'));
    const log = new EventLog<AutomationEvent>();
    const automations = await start(pipelinePath, clock, log);
    try {
      const empty = join(base, 'incoming', 'empty.tsv');
      writeFileSync(empty, '\n');
      await log.waitFor((e) => e.type === 'waiting' && e.file === empty);
      clock.advanceBy(1000);
      const first = await log.waitFor((e) => e.type === 'run-finished' || e.type === 'run-failed');
      expect(first.type === 'run-finished' ? first.record.status : 'failed').toBe('failed');
      const good = join(base, 'incoming', 'good.tsv');
      writeFileSync(good, 'x\ty\n1\ta\n');
      await log.waitFor((e) => e.type === 'waiting' && e.file === good);
      clock.advanceBy(1000);
      const next = await log.waitFor((e) => (e.type === 'run-finished' || e.type === 'run-failed') && e.trigger.detail === good);
      expect(next.type === 'run-finished' && next.record.status).toBe('succeeded');
    } finally {
      await automations.stop();
    }
  });

  it('refuses a watched folder outside the allowed folders (PATH_OUTSIDE_ROOTS) and an importNode that is not an Import', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'ls-outside-'));
    try {
      const p = writePipeline('out.pipeline.json', [{ id: 'far', enabled: true, kind: 'watch-folder', folder: outside, importNode: 'imp' }]);
      await expect(start(p, new FakeClock(0), new EventLog())).rejects.toMatchObject({
        code: 'PATH_OUTSIDE_ROOTS',
        message: `trigger "far": folder ${outside} lies outside the folders this pipeline may use`,
      });
      const q = writePipeline('bad-import.pipeline.json', [{ id: 'inbox', enabled: true, kind: 'watch-folder', folder: 'incoming', importNode: 'nope' }]);
      await expect(start(q, new FakeClock(0), new EventLog())).rejects.toMatchObject({
        code: 'TRIGGER_INVALID',
        message: 'trigger "inbox": importNode: there is no node "nope"; name an Import dataset node of this pipeline',
      });
      // A disabled trigger is not checked or started.
      const r = writePipeline('off.pipeline.json', [{ id: 'far', enabled: false, kind: 'watch-folder', folder: outside, importNode: 'imp' }]);
      await (await start(r, new FakeClock(0), new EventLog())).stop();
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("a monitor verdict of drift in another pipeline's latest run starts a run; no drift starts none", async () => {
    const monitorPath = writePipeline('monitor.pipeline.json', []);
    const pipelinePath = writePipeline('retrain.pipeline.json', [
      { id: 'on-drift', enabled: true, kind: 'monitor-verdict', pipeline: 'monitor.pipeline.json', monitorNode: 'mon', verdict: 'drift' },
    ]);
    const log = new EventLog<AutomationEvent>();
    const automations = await start(pipelinePath, new FakeClock(0), log);
    const store = new RunStore(join(ws, 'runs'));
    const monitorRun = (drift: number): RunRecord => ({
      runId: newRunId(),
      status: 'succeeded',
      startedAt: Date.now(),
      durationMs: 1,
      document: JSON.parse(readFileSync(monitorPath, 'utf8')),
      documentHash: 'h',
      documentPath: monitorPath,
      target: { mode: 'all' },
      nodes: {},
      metrics: { 'mon.dataset_drift': drift, 'mon.drift_share': 0.5 },
      versions: {},
    });
    try {
      await store.save(monitorRun(0));
      const drifted = monitorRun(1);
      await store.save(drifted);
      const done = await log.waitFor((e) => e.type === 'run-finished');
      expect(done.type === 'run-finished' && done.record.trigger).toEqual({
        id: 'on-drift',
        kind: 'monitor-verdict',
        detail: `drift in mon (1) of run ${drifted.runId}`,
      });
      expect(log.all.filter((e) => e.type === 'fired')).toHaveLength(1);
    } finally {
      await automations.stop();
    }
  });
});
