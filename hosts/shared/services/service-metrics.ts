/**
 * Reading a running service: the model and version it serves and its figures, from its Prometheus
 * `/metrics`; its last requests, from the tail of its prediction log.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceMetrics } from '../../../engine/services.js';

/** One sample line: name, labels, value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

async function getMetrics(url: string, apiKey: string | undefined): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`, { headers: apiKey ? { 'x-api-key': apiKey } : {}, signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${url}/metrics answered ${res.status}`);
  return parsePrometheus(await res.text());
}

/** The model and version the server says it serves (the `model_server_model_info` gauge). */
export async function readServedIdentity(url: string, apiKey?: string): Promise<{ model: string; version: string }> {
  const info = (await getMetrics(url, apiKey)).find((s) => s.name === 'model_server_model_info' && s.value === 1);
  if (!info) throw new Error(`${url}/metrics does not name the model it serves (no model_server_model_info).`);
  return { model: info.labels.model, version: info.labels.version };
}

const scoring = (route: string | undefined) => route === '/predict' || (route ?? '').endsWith('/infer');

/** `q` of a cumulative histogram given as [upper bound, count] sorted by bound; null when empty. */
export function histogramQuantile(q: number, buckets: [number, number][]): number | null {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      // The +Inf bucket has no upper edge: answer the highest finite bound, as Prometheus does.
      if (!Number.isFinite(bound)) return prevBound;
      return prevBound + ((bound - prevBound) * (rank - prevCount)) / (count - prevCount || 1);
    }
    prevBound = bound;
    prevCount = count;
  }
  return prevBound;
}

export function summarizeMetrics(samples: Sample[]): ServiceMetrics {
  const sum = (name: string) => samples.filter((s) => s.name === name && scoring(s.labels.route)).reduce((a, s) => a + s.value, 0);
  const requests = sum('model_server_requests_total');
  const errors = sum('model_server_errors_total');
  const byBound = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== 'model_server_request_duration_seconds_bucket' || !scoring(s.labels.route)) continue;
    const bound = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + s.value);
  }
  const buckets = [...byBound].sort((a, b) => a[0] - b[0]);
  const ms = (v: number | null) => (v === null ? null : v * 1000);
  return {
    requests,
    errors,
    errorRate: requests ? errors / requests : 0,
    p50Ms: ms(histogramQuantile(0.5, buckets)),
    p99Ms: ms(histogramQuantile(0.99, buckets)),
    rowsScored: samples.filter((s) => s.name === 'model_server_rows_scored_total').reduce((a, s) => a + s.value, 0),
  };
}

export async function readServiceMetrics(url: string, apiKey?: string): Promise<ServiceMetrics> {
  return summarizeMetrics(await getMetrics(url, apiKey));
}

const TAIL_BYTES = 4 * 1024 * 1024;

/** The last `n` records of the service's prediction log (newest last); records are written in batches, so the newest second may be missing. */
export async function recentRequests(logDir: string, n: number): Promise<Record<string, unknown>[]> {
  const handle = await open(join(logDir, 'predictions.jsonl'), 'r').catch(() => undefined);
  if (!handle) return [];
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    // A tail that starts mid-file starts mid-line.
    if (start > 0) lines.shift();
    const records: Record<string, unknown>[] = [];
    for (const line of lines.filter(Boolean).slice(-n)) {
      try {
        records.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A line cut by a crash mid-write is skipped.
      }
    }
    return records;
  } finally {
    await handle.close();
  }
}
