/**
 * Starts runs for the window and relays their events. `startRun` answers as soon as the engine
 * names the run (its first event), not when it ends; `cancelRun` aborts through the run's signal.
 */
import type { StudioEvent } from '../../engine/contract.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { EngineApi, RunTarget } from '../../engine/engine-types.js';
import { HostError, toWireStudioError } from './host-error.js';

export interface StartRunOptions {
  target?: RunTarget;
  documentPath?: string;
  force?: string[];
  secrets?: Record<string, string>;
  allowedRoots?: string[];
  allowedHosts?: string[];
}

export class RunRelay {
  private readonly runs = new Map<string, AbortController>();
  /** Runs that ended, so cancelling one a moment too late is not reported as an error. */
  private readonly ended = new Set<string>();

  constructor(
    private readonly engine: EngineApi,
    private readonly emit: (event: StudioEvent) => void,
  ) {}

  /** Resolves with the run id once the engine has started the run (or has finished it early). */
  start(document: PipelineDocument, options: StartRunOptions): Promise<{ runId: string }> {
    const controller = new AbortController();
    const startedAt = Date.now();
    let runId: string | undefined;
    let finished = false;
    return new Promise((resolveStart, rejectStart) => {
      const onEvent = (event: StudioEvent) => {
        if (!runId && event.runId) {
          runId = event.runId;
          this.runs.set(runId, controller);
          resolveStart({ runId });
        }
        if (event.type === 'run-finished') finished = true;
        this.emit(event);
      };
      this.engine
        .run(document, { ...options, signal: controller.signal, onEvent })
        .then(
          (record) => {
            if (!runId) resolveStart({ runId: record.runId });
          },
          (err: unknown) => {
            if (!runId) return rejectStart(err);
            // The window is waiting for run-finished; a crash of the engine must not leave it spinning.
            if (!finished) {
              const error = toWireStudioError(err);
              this.emit({ type: 'run-finished', runId, at: Date.now(), status: 'failed', durationMs: Date.now() - startedAt, error });
            }
          },
        )
        .finally(() => {
          if (!runId) return;
          this.runs.delete(runId);
          this.ended.add(runId);
          if (this.ended.size > 1000) this.ended.delete(this.ended.values().next().value as string);
        });
    });
  }

  /** Aborts a run in flight. A run that already ended is not an error; an unknown id is. */
  cancel(runId: string): void {
    const controller = this.runs.get(runId);
    if (controller) return controller.abort();
    if (!this.ended.has(runId)) throw new HostError('RUN_NOT_FOUND', `no run "${runId}" is in flight in this window`);
  }

  /** Aborts every run this relay started (window closing). */
  cancelAll(): void {
    for (const c of this.runs.values()) c.abort();
  }

  /** Ids of the runs in flight. */
  get active(): string[] {
    return [...this.runs.keys()];
  }
}
