/**
 * The one event union the engine emits while it runs. Hosts relay it unchanged to the window, the
 * CLI prints it, run records store it. Every event carries its run id; every payload is plain JSON.
 */
import type { ValueSummary } from './values.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Live figures a long node streams while it works (epoch losses), drawn by the window as they come. */
export interface ProgressDetail {
  /** e.g. { epoch: 3, loss: 0.41, val_loss: 0.44 } */
  point?: Record<string, number>;
  /** The unit being counted: rows, batches, epochs. */
  done?: number;
  total?: number;
  unit?: string;
}

/** Why a node ran or was reused, in words the card can show ("params changed: ratio"). */
export interface CacheReason {
  decision: 'run' | 'reuse';
  /** e.g. 'no-previous-run' | 'params-changed' | 'input-changed' | 'file-changed' | 'version-changed' | 'never-cache' | 'forced' | 'same-as-previous' */
  code: string;
  message: string;
  /** Param names or upstream node ids that changed. */
  changed?: string[];
  /** The run that produced the reused outputs. */
  fromRunId?: string;
}

export interface NodeFailure {
  code: string;
  message: string;
  hint?: string;
  stack?: string;
}

export type NodeStatus = 'idle' | 'stale' | 'queued' | 'running' | 'cached' | 'done' | 'failed' | 'skipped' | 'blocked';
export type RunStatus = 'succeeded' | 'failed' | 'cancelled' | 'blocked';

export type EngineEvent =
  | { type: 'run-started'; runId: string; at: number; nodeIds: string[]; layers: string[][] }
  | { type: 'node-started'; runId: string; at: number; nodeId: string; reason: CacheReason }
  | { type: 'node-progress'; runId: string; at: number; nodeId: string; fraction?: number; message: string; detail?: ProgressDetail }
  | { type: 'node-log'; runId: string; at: number; nodeId: string; level: LogLevel; message: string }
  | { type: 'node-finished'; runId: string; at: number; nodeId: string; durationMs: number; outputs: Record<string, ValueSummary> }
  | { type: 'node-cached'; runId: string; at: number; nodeId: string; reason: CacheReason; outputs: Record<string, ValueSummary> }
  | { type: 'node-failed'; runId: string; at: number; nodeId: string; error: NodeFailure }
  | { type: 'node-skipped'; runId: string; at: number; nodeId: string; because: string }
  | { type: 'node-blocked'; runId: string; at: number; nodeId: string; because: string; failedRules: string[] }
  | { type: 'run-finished'; runId: string; at: number; status: RunStatus; durationMs: number; error?: NodeFailure };

export type EngineEventType = EngineEvent['type'];
export type EventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;
