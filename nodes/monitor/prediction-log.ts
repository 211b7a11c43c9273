/**
 * Reads an endpoint's prediction log (server/README.md "Prediction log": JSON Lines, one record per
 * request, `predictions-<n>.jsonl` rotated oldest first, then `predictions.jsonl`), keeps the
 * answered requests inside the window, and flattens them to one row per scored row: the inputs as
 * sent, the prediction and class probabilities named as Score names them, and the request's id and time.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeError } from '../../engine/node-run.js';

export type LogWindow =
  { kind: 'all' } | { kind: 'requests'; last: number } | { kind: 'since'; ms: number; now: number } | { kind: 'range'; from: number; to: number };

export interface LogRow {
  request_id: string;
  time: string;
  /** Position of the row in its request, from 0. */
  row: number;
  values: Record<string, unknown>;
}

export interface LogRead {
  rows: LogRow[];
  requests: number;
  /** Lines that were not a JSON record, and requests refused (no predictions): both left out. */
  badLines: number;
  refused: number;
  files: string[];
}

interface Entry {
  time: string;
  request_id: string;
  status: number;
  inputs: unknown[];
  outputs: unknown[];
}

/** The log files of `dir`, oldest first. */
export async function logFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new NodeError(
      'NODE_FAILED',
      `cannot read the prediction log folder ${dir}: ${(err as Error).message}`,
      'Start the endpoint with a log folder (Deploy does), and send it requests before monitoring.',
    );
  }
  const rotated = names
    .map((f) => ({ f, n: /^predictions-(\d+)\.jsonl$/.exec(f)?.[1] }))
    .filter((x): x is { f: string; n: string } => x.n !== undefined)
    .sort((a, b) => Number(a.n) - Number(b.n))
    .map((x) => x.f);
  return [...rotated, ...(names.includes('predictions.jsonl') ? ['predictions.jsonl'] : [])].map((f) => join(dir, f));
}

function parse(line: string): Entry | undefined {
  try {
    const e = JSON.parse(line) as Entry;
    return typeof e?.time === 'string' && Array.isArray(e.inputs) && Array.isArray(e.outputs) ? e : undefined;
  } catch {
    return undefined;
  }
}

function inWindow(entries: Entry[], window: LogWindow): Entry[] {
  switch (window.kind) {
    case 'all':
      return entries;
    case 'requests':
      return entries.slice(Math.max(0, entries.length - window.last));
    case 'since':
      return entries.filter((e) => Date.parse(e.time) >= window.now - window.ms);
    case 'range':
      return entries.filter((e) => {
        const t = Date.parse(e.time);
        return t >= window.from && t < window.to;
      });
  }
}

/** A prediction as the server writes it ({ prediction, probabilities? }) in Score's column names. */
function outputColumns(output: unknown, predicted: string): Record<string, unknown> {
  if (!output || typeof output !== 'object') return { [predicted]: output };
  const o = output as { prediction?: unknown; probabilities?: Record<string, unknown> };
  const out: Record<string, unknown> = { [predicted]: o.prediction };
  for (const [label, p] of Object.entries(o.probabilities ?? {})) out[`probability_${label}`] = p;
  return out;
}

/**
 * @example
 * const log = await readPredictionLog(endpoint.logDir, { kind: 'requests', last: 500 }, 'predicted_income');
 */
export async function readPredictionLog(dir: string, window: LogWindow, predictedColumn: string): Promise<LogRead> {
  const files = await logFiles(dir);
  const entries: Entry[] = [];
  let badLines = 0;
  let refused = 0;
  for (const file of files) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const e = parse(line);
      if (!e) badLines++;
      else if (e.status !== 200 || e.outputs.length !== e.inputs.length || !e.inputs.length) refused++;
      else entries.push(e);
    }
  }
  // Records are written in batches after the answers, so file order is nearly but not exactly time order.
  entries.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const kept = inWindow(entries, window);
  const rows: LogRow[] = [];
  for (const e of kept) {
    e.inputs.forEach((input, row) => {
      const values = input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : { input };
      rows.push({ request_id: e.request_id, time: e.time, row, values: { ...values, ...outputColumns(e.outputs[row], predictedColumn) } });
    });
  }
  return { rows, requests: kept.length, badLines, refused, files };
}
