/**
 * Turns the engine's event stream into what a person reads in a terminal (or a CI log): one line
 * per thing that happened to a node, progress throttled so long nodes do not flood the log.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../engine/engine-types.js';
import type { EngineEvent } from '../engine/events.js';
import type { ReportValue, ValueSummary } from '../engine/values.js';

export interface PrinterOptions {
  /** Display names by node id (label, else id). */
  names: Record<string, string>;
  write: (line: string) => void;
  /** Minimum gap between two progress lines of the same node. */
  progressEveryMs?: number;
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

function outputs(summaries: Record<string, ValueSummary>): string {
  const parts = Object.entries(summaries).map(([port, s]) => `${port}: ${s.text}`);
  return parts.length ? `: ${parts.join('; ')}` : '';
}

/**
 * @example
 * const print = createRunPrinter({ names: { imp: 'Import' }, write: (l) => process.stdout.write(l + '\n') });
 * await engine.run(doc, { onEvent: print });
 */
export function createRunPrinter(options: PrinterOptions): (event: EngineEvent) => void {
  const { names, write } = options;
  const every = options.progressEveryMs ?? 1000;
  const width = Math.min(24, Math.max(4, ...Object.values(names).map((n) => n.length)));
  const name = (id: string) => (names[id] ?? id).padEnd(width);
  const lastProgress = new Map<string, number>();

  return (event) => {
    switch (event.type) {
      case 'run-started':
        write(`Run ${event.runId}: ${event.nodeIds.length} node(s) in ${event.layers.length} step(s)`);
        return;
      case 'node-started':
        write(`  ${name(event.nodeId)}  running (${event.reason.message})`);
        return;
      case 'node-progress': {
        const last = lastProgress.get(event.nodeId) ?? 0;
        if (event.at - last < every && event.fraction !== 1) return;
        lastProgress.set(event.nodeId, event.at);
        const pct = event.fraction === undefined ? '' : `${Math.round(event.fraction * 100)}% `;
        write(`  ${name(event.nodeId)}  ${pct}${event.message}`);
        return;
      }
      case 'node-log':
        if (event.level === 'debug') return;
        write(`  ${name(event.nodeId)}  ${event.level === 'info' ? '' : `${event.level}: `}${event.message}`);
        return;
      case 'node-finished':
        write(`  ${name(event.nodeId)}  done in ${seconds(event.durationMs)}${outputs(event.outputs)}`);
        return;
      case 'node-cached':
        write(`  ${name(event.nodeId)}  reused (${event.reason.message})${outputs(event.outputs)}`);
        return;
      case 'node-failed':
        write(`  ${name(event.nodeId)}  FAILED: ${event.error.message}`);
        if (event.error.hint) write(`  ${' '.repeat(width)}  hint: ${event.error.hint}`);
        return;
      case 'node-skipped':
        write(`  ${name(event.nodeId)}  skipped (${event.because})`);
        return;
      case 'node-blocked':
        write(`  ${name(event.nodeId)}  BLOCKED: ${event.because}`);
        for (const rule of event.failedRules) write(`  ${' '.repeat(width)}  failed rule: ${rule}`);
        return;
      case 'run-finished':
        write(`Run ${event.status} in ${seconds(event.durationMs)}`);
        if (event.error) {
          write(`  ${event.error.message}`);
          if (event.error.hint) write(`  hint: ${event.error.hint}`);
        }
        return;
    }
  };
}

/** The closing lines after a run: headline metrics and where the record lives. */
export function describeRecord(record: RunRecord, workspaceDir: string): string[] {
  const lines: string[] = [];
  const metrics = Object.entries(record.metrics ?? {});
  if (metrics.length) {
    lines.push('Metrics:');
    for (const [key, value] of metrics) lines.push(`  ${key} = ${Number.isInteger(value) ? value : value.toFixed(4)}`);
  }
  // The engine keeps records as runs/<runId>.json in the workspace; name the file when it is there.
  const file = join(workspaceDir, 'runs', `${record.runId}.json`);
  lines.push(existsSync(file) ? `Run record: ${file}` : `Run record ${record.runId} saved in ${workspaceDir}`);
  return lines;
}

/**
 * Business-goal gates that did not pass, as printable lines. A failed gate with nothing behind it
 * still leaves the run 'succeeded' in the engine's terms, but CI must not ship that model.
 */
export function failedGateLines(record: RunRecord, names: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const [nodeId, node] of Object.entries(record.nodes)) {
    for (const value of Object.values(node.outputs ?? {})) {
      const gate = value.kind === 'report' ? (value as ReportValue).gate : undefined;
      if (!gate || gate.passed) continue;
      lines.push(`Business-goal gate "${names[nodeId] ?? nodeId}" did not pass:`);
      for (const rule of gate.rules.filter((r) => !r.passed)) lines.push(`  ${rule.message || rule.rule}`);
    }
  }
  return lines;
}
