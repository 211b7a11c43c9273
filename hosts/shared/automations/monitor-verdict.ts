/**
 * The monitor-verdict trigger: fires when the latest run of a pipeline (this one or another) shows
 * drift or decay in a Monitor node. The verdict is read from the run record, so any run counts: one
 * from the window, from `lifecycle-studio run`, or another automation. Runs are noticed by watching
 * the workspace's `runs/` folder (records are written atomically, so a new name is a whole record),
 * with a rescan for missed events.
 */
import { watch } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MonitorVerdictTrigger } from '../../../engine/document/triggers.js';
import type { RunRecord } from '../../../engine/engine-types.js';
import { isRunId, RunStore } from '../../../engine/runs/run-store.js';
import type { Clock } from './clock.js';

/**
 * Where the Monitor node puts each verdict in its `metrics` output (the run record keeps it as
 * `<monitorNode>.<metric>`), and the value that means "yes". Adjust here if the node names them otherwise.
 */
export const VERDICT_FIELDS: Record<MonitorVerdictTrigger['verdict'], { metric: string; fires: (value: number) => boolean }> = {
  drift: { metric: 'dataset_drift', fires: (v) => v >= 1 },
  decay: { metric: 'performance_decay', fires: (v) => v >= 1 },
};

/** The verdict's figure in a run record: the gathered metrics first, else the node's metrics output. */
export function verdictFigure(record: RunRecord, monitorNode: string, verdict: MonitorVerdictTrigger['verdict']): number | undefined {
  const { metric } = VERDICT_FIELDS[verdict];
  const gathered = record.metrics?.[`${monitorNode}.${metric}`];
  if (typeof gathered === 'number') return gathered;
  for (const value of Object.values(record.nodes?.[monitorNode]?.outputs ?? {})) {
    if (value.kind === 'metrics' && typeof value.metrics[metric] === 'number') return value.metrics[metric];
  }
  return undefined;
}

export interface VerdictWatchOptions {
  trigger: MonitorVerdictTrigger;
  /** Absolute path of the pipeline whose runs count. */
  pipelinePath: string;
  /** Absolute path of the pipeline that carries the trigger. */
  ownPipelinePath: string;
  workspaceDir: string;
  clock: Clock;
  rescanMs?: number;
  onVerdict(record: RunRecord, figure: number): void;
  onError?(error: Error): void;
}

/**
 * @example
 * const w = await watchVerdicts({ trigger, pipelinePath: '/p/monitor.pipeline.json', workspaceDir, clock: realClock, onVerdict: (r) => retrain(r) });
 */
export async function watchVerdicts(options: VerdictWatchOptions): Promise<{ stop(): void }> {
  const { trigger, clock } = options;
  const store = new RunStore(join(options.workspaceDir, 'runs'));
  const target = resolve(options.pipelinePath);
  await mkdir(store.dir, { recursive: true });
  const ids = async () =>
    (await readdir(store.dir))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .filter(isRunId);
  // Runs recorded before the watch started are history, not news.
  const seen = new Set(await ids());
  let stopped = false;
  let busy = Promise.resolve();

  const check = async () => {
    for (const id of (await ids()).sort()) {
      if (seen.has(id) || stopped) continue;
      seen.add(id);
      const record = await store.get(id);
      if (!record?.documentPath || resolve(record.documentPath) !== target) continue;
      // A run this trigger started must not start the next one by itself: that would loop.
      if (record.trigger?.id === trigger.id && target === resolve(options.ownPipelinePath)) continue;
      const figure = verdictFigure(record, trigger.monitorNode, trigger.verdict);
      if (figure !== undefined && VERDICT_FIELDS[trigger.verdict].fires(figure)) options.onVerdict(record, figure);
    }
  };
  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  // One check at a time, in order, so a record is never judged twice.
  const queueCheck = () => {
    busy = busy.then(check).catch(report);
  };
  const watcher = watch(store.dir, () => queueCheck());
  watcher.on('error', report);
  let cancel: () => void = () => {};
  const rescan = () => {
    cancel = clock.setTimer(() => {
      if (stopped) return;
      queueCheck();
      rescan();
    }, options.rescanMs ?? 5000);
  };
  rescan();
  return {
    stop() {
      stopped = true;
      watcher.close();
      cancel();
    },
  };
}
