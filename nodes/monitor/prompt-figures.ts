/**
 * The figures of a prompt endpoint over a set of calls: invalid-reply rate, latency, tokens and cost,
 * the mean text length of each placeholder, and reply values outside the known labels. Pure, so the
 * monitor's windows and its headline use one definition.
 */
import { normalise } from '../../engine/llm/parse-reply.js';
import type { PromptCall } from './prompt-log.js';

/** Linear interpolation between order statistics (DuckDB's quantile_cont, numpy's default). */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}

const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);
const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : NaN);

export const textLength = (v: unknown) => (v === null || v === undefined ? 0 : [...String(v)].length);

/** Reply values (normalised raw replies) not among `known`, most frequent first. */
export function newLabelValues(calls: readonly PromptCall[], known: ReadonlySet<string>): string[] {
  const counts = new Map<string, number>();
  for (const c of calls) {
    if (c.raw === null) continue;
    const v = normalise(c.raw);
    if (!known.has(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}

export function promptFigures(calls: readonly PromptCall[], placeholders: readonly string[], known: ReadonlySet<string>): Record<string, number> {
  const latency = calls.map((c) => c.latency_ms).filter((x): x is number => x !== null);
  const cost = sum(calls.map((c) => c.cost));
  const figures: Record<string, number> = {
    requests: new Set(calls.map((c) => c.request_id)).size,
    rows: calls.length,
    invalid: calls.filter((c) => !c.valid).length,
    invalid_rate: calls.length ? calls.filter((c) => !c.valid).length / calls.length : NaN,
    latency_mean_ms: mean(latency),
    latency_p95_ms: quantile(latency, 0.95),
    tokens_in: sum(calls.map((c) => c.tokens_in)),
    tokens_out: sum(calls.map((c) => c.tokens_out)),
    cost_total: cost,
    cost_per_1000: calls.length ? (1000 * cost) / calls.length : NaN,
    new_label_values: newLabelValues(calls, known).length,
  };
  for (const p of placeholders) figures[`length_mean_${p}`] = mean(calls.map((c) => textLength(c.inputs[p])));
  return figures;
}
