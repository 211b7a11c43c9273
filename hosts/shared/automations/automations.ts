/**
 * Runs a pipeline's automations in a host (the `watch` command, the app while it is open), never
 * in the engine: each firing starts an ordinary run through the engine API, and the run record
 * names the trigger. A watched folder's file replaces the named Import node's `file` param for that
 * run only (its `path` param); the saved document is never touched. Firings queue per pipeline; a failed run is
 * reported and the automations go on.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { formatIssue, parsePipeline } from '../../../engine/document/parse.js';
import type { PipelineDocument } from '../../../engine/document/schema.js';
import type { Trigger } from '../../../engine/document/triggers.js';
import type { EngineApi, RunRecord, RunTrigger } from '../../../engine/engine-types.js';
import type { EngineEvent } from '../../../engine/events.js';
import { EngineError, errorMessage } from '../../../engine/errors.js';
import { realClock, type Clock } from './clock.js';
import { watchFolder } from './folder-watch.js';
import { watchVerdicts } from './monitor-verdict.js';
import { RunQueue } from './run-queue.js';
import { startSchedule } from './schedule.js';
import { assertTriggerPaths, triggerPath } from './trigger-paths.js';

/** The node type and param a watched folder's file goes into. */
export const IMPORT_NODE = { type: 'import-dataset', param: 'path' } as const;

export type AutomationEvent =
  | { type: 'fired'; trigger: RunTrigger }
  | { type: 'run-finished'; trigger: RunTrigger; record: RunRecord }
  | { type: 'run-failed'; trigger: RunTrigger; error: { code?: string; message: string } }
  | { type: 'dropped'; trigger: RunTrigger; reason: string }
  /** A watched file changed; it is taken once it stops changing. */
  | { type: 'waiting'; triggerId: string; file: string; size: number }
  | { type: 'error'; triggerId?: string; message: string };

export interface AutomationsOptions {
  engine: Pick<EngineApi, 'run'>;
  /** The pipeline file carrying the triggers. */
  pipelinePath: string;
  workspaceDir: string;
  /** The run's allowed folders (the host's run roots); trigger paths must lie under them too. */
  allowedRoots: string[];
  secrets?: (document: PipelineDocument) => Promise<Record<string, string>>;
  clock?: Clock;
  settleMs?: number;
  rescanMs?: number;
  onEvent?(event: AutomationEvent): void;
  /** Every engine event of a triggered run (the window shows them as a live run). */
  onRunEvent?(event: EngineEvent): void;
}

/** Reads a pipeline file and its triggers; problems are thrown as DOCUMENT_INVALID naming each path. */
export async function loadTriggers(pipelinePath: string): Promise<{ document: PipelineDocument; triggers: Trigger[] }> {
  const { document, issues } = parsePipeline(await readFile(pipelinePath, 'utf8'));
  if (!document) throw new EngineError('DOCUMENT_INVALID', `${pipelinePath} is not a valid pipeline:\n${issues.map(formatIssue).join('\n')}`);
  return { document, triggers: document.triggers ?? [] };
}

/** Refuses a watch-folder trigger whose importNode is missing or not an Import node, naming both. */
function assertImportNodes(document: PipelineDocument, triggers: readonly Trigger[]): void {
  for (const t of triggers) {
    if (t.kind !== 'watch-folder') continue;
    const node = document.nodes.find((n) => n.id === t.importNode);
    if (node?.type === IMPORT_NODE.type) continue;
    const found = node ? `node "${t.importNode}" is a ${node.type} node` : `there is no node "${t.importNode}"`;
    throw new EngineError('TRIGGER_INVALID', errorMessage('TRIGGER_INVALID', t.id, 'importNode', `${found}; name an Import dataset node of this pipeline`));
  }
}

/** The document of one triggered run: a watched folder's file goes into its Import node; the rest as saved. */
export function documentForFiring(document: PipelineDocument, trigger: Trigger, file?: string): PipelineDocument {
  if (trigger.kind !== 'watch-folder' || !file) return document;
  const nodes = document.nodes.map((n) => (n.id === trigger.importNode ? { ...n, params: { ...n.params, [IMPORT_NODE.param]: file } } : n));
  return { ...document, nodes };
}

export interface RunningAutomations {
  readonly triggers: readonly Trigger[];
  /** Next firing time of each enabled schedule, by trigger id. */
  nextFirings(): Record<string, number | undefined>;
  /** Resolves when every firing so far has run. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts every enabled trigger of the pipeline. Refuses (before watching anything) trigger paths
 * outside the allowed folders (PATH_OUTSIDE_ROOTS) and a watch-folder trigger without its Import node.
 *
 * @example
 * const automations = await startAutomations({ engine, pipelinePath, workspaceDir, allowedRoots, onEvent: console.log });
 * process.once('SIGINT', () => void automations.stop());
 */
export async function startAutomations(options: AutomationsOptions): Promise<RunningAutomations> {
  const pipelinePath = resolve(options.pipelinePath);
  const pipelineDir = dirname(pipelinePath);
  const clock = options.clock ?? realClock;
  const emit = (event: AutomationEvent) => options.onEvent?.(event);
  const { document, triggers: all } = await loadTriggers(pipelinePath);
  const triggers = all.filter((t) => t.enabled);
  assertImportNodes(document, triggers);
  await assertTriggerPaths(triggers, pipelineDir, options.allowedRoots);

  const queue = new RunQueue();
  // Stopping cancels the run in progress (its record says cancelled) and drops the queued ones.
  const stopping = new AbortController();
  const runOnce = async (trigger: Trigger, runTrigger: RunTrigger, file?: string) => {
    if (stopping.signal.aborted) return;
    try {
      const doc = documentForFiring(document, trigger, file);
      const secrets = options.secrets ? await options.secrets(doc) : undefined;
      const record = await options.engine.run(doc, {
        documentPath: pipelinePath,
        allowedRoots: options.allowedRoots,
        trigger: runTrigger,
        signal: stopping.signal,
        ...(secrets ? { secrets } : {}),
        ...(options.onRunEvent ? { onEvent: options.onRunEvent } : {}),
      });
      emit({ type: 'run-finished', trigger: runTrigger, record });
    } catch (error) {
      const e = error as { code?: string; message?: string };
      emit({ type: 'run-failed', trigger: runTrigger, error: { code: e.code, message: e.message ?? String(error) } });
    }
  };
  const fire = (trigger: Trigger, detail: string, file?: string) => {
    const runTrigger: RunTrigger = { id: trigger.id, kind: trigger.kind, detail };
    emit({ type: 'fired', trigger: runTrigger });
    if (!queue.enqueue(() => runOnce(trigger, runTrigger, file))) emit({ type: 'dropped', trigger: runTrigger, reason: 'too many firings are waiting' });
  };
  const onError = (trigger: Trigger) => (error: Error) => emit({ type: 'error', triggerId: trigger.id, message: error.message });

  const stops: (() => void)[] = [];
  const schedules = new Map<string, () => Date | undefined>();
  try {
    for (const t of triggers) {
      if (t.kind === 'schedule') {
        const s = startSchedule(t, clock, (at) => fire(t, `cron ${t.cron} at ${at.toISOString()}`));
        schedules.set(t.id, s.next);
        stops.push(s.stop);
      } else if (t.kind === 'watch-folder') {
        const dir = triggerPath(t.folder, pipelineDir);
        const w = await watchFolder({
          dir,
          pattern: t.pattern,
          clock,
          settleMs: options.settleMs,
          rescanMs: options.rescanMs,
          onFile: (file) => fire(t, file, file),
          onChange: (file, size) => emit({ type: 'waiting', triggerId: t.id, file, size }),
          onError: onError(t),
        }).catch((error: NodeJS.ErrnoException) => {
          const why = error.code === 'ENOENT' ? `${dir} does not exist; create it` : `cannot watch ${dir}: ${error.message}`;
          throw new EngineError('TRIGGER_INVALID', errorMessage('TRIGGER_INVALID', t.id, 'folder', why));
        });
        stops.push(w.stop);
      } else {
        const watched = t.pipeline ? triggerPath(t.pipeline, pipelineDir) : pipelinePath;
        const w = await watchVerdicts({
          trigger: t,
          pipelinePath: watched,
          ownPipelinePath: pipelinePath,
          workspaceDir: options.workspaceDir,
          clock,
          rescanMs: options.rescanMs,
          onVerdict: (record, figure) => fire(t, `${t.verdict} in ${t.monitorNode} (${figure}) of run ${record.runId}`),
          onError: onError(t),
        });
        stops.push(w.stop);
      }
    }
  } catch (error) {
    for (const stop of stops) stop();
    throw error;
  }

  return {
    triggers,
    nextFirings: () => Object.fromEntries([...schedules].map(([id, next]) => [id, next()?.getTime()])),
    idle: () => queue.idle(),
    async stop() {
      for (const stop of stops) stop();
      stopping.abort();
      await queue.idle();
    },
  };
}
