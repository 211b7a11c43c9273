/**
 * The Monitor on a prompt endpoint (its prediction log holds `kind: "prompt"` records): per time
 * window the invalid-reply rate, latency, tokens and cost, and input drift as the change in mean
 * text length of each placeholder column against the reference (the reference table when connected,
 * else the first window), plus reply values outside the known labels (the package's, else the valid
 * replies seen). The headline figures are metrics a Validate gate can bound.
 */
import { join } from 'node:path';
import { ident } from '../../engine/data/data-plane.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { normalise } from '../../engine/llm/parse-reply.js';
import { NodeError, type RunContext } from '../../engine/node-run.js';
import type { EndpointValue, MetricsValue, ModelValue, ReportValue, TableValue } from '../../engine/values.js';
import { writeLogTable } from './log-table.js';
import type { LogWindow } from './prediction-log.js';
import { newLabelValues, promptFigures, textLength } from './prompt-figures.js';
import { readPromptCalls, type PromptCall } from './prompt-log.js';

export interface PromptMonitorInputs {
  endpoint: EndpointValue & { logDir: string };
  model?: ModelValue;
  reference?: TableValue;
}

function inWindow(calls: PromptCall[], w: LogWindow): PromptCall[] {
  if (w.kind === 'all') return calls;
  if (w.kind === 'requests') {
    const ids = [...new Set(calls.map((c) => c.request_id))].slice(-w.last);
    const keep = new Set(ids);
    return calls.filter((c) => keep.has(c.request_id));
  }
  const from = w.kind === 'since' ? w.now - w.ms : w.from;
  const to = w.kind === 'since' ? Infinity : w.to;
  return calls.filter((c) => Date.parse(c.time) >= from && Date.parse(c.time) < to);
}

/** Calls cut into `n` equal spans of time from the first to the last call (one span when they share a time). */
function timeWindows(calls: PromptCall[], n: number): { start: string; end: string; calls: PromptCall[] }[] {
  const t0 = Date.parse(calls[0].time);
  const t1 = Date.parse(calls.at(-1)!.time);
  const count = t1 > t0 ? n : 1;
  const span = (t1 - t0) / count;
  const out = Array.from({ length: count }, (_, i) => ({
    start: new Date(t0 + i * span).toISOString(),
    end: new Date(i === count - 1 ? t1 : t0 + (i + 1) * span).toISOString(),
    calls: [] as PromptCall[],
  }));
  for (const c of calls) out[count === 1 ? 0 : Math.min(count - 1, Math.floor((Date.parse(c.time) - t0) / span))].calls.push(c);
  return out;
}

async function referenceLengths(ctx: RunContext, table: TableValue | undefined, placeholders: string[], first: PromptCall[]) {
  const lengths: Record<string, number> = {};
  const has = (p: string) => table?.columns.some((c) => c.name === p);
  for (const p of placeholders) {
    if (table && has(p)) {
      const [r] = await ctx.data.all<{ m: number }>(`SELECT avg(coalesce(length(${ident(p)}::VARCHAR), 0))::DOUBLE AS m FROM ${ident(table.table)}`);
      lengths[p] = r.m;
    } else lengths[p] = first.reduce((a, c) => a + textLength(c.inputs[p]), 0) / first.length;
  }
  return { lengths, source: table ? `table ${table.table}` : 'the first time window' };
}

const fmt = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : 'n/a');

export async function monitorPrompt(
  ctx: RunContext,
  inputs: PromptMonitorInputs,
  o: { window: LogWindow; timeWindows: number; title: string },
): Promise<{ metrics: MetricsValue; report: ReportValue; columns: TableValue; windows: TableValue; current: TableValue }> {
  const read = await readPromptCalls(inputs.endpoint.logDir);
  const calls = inWindow(read.calls, o.window);
  if (!calls.length)
    throw new NodeError(
      'NODE_FAILED',
      `no answered calls in the prediction log ${inputs.endpoint.logDir} for this window`,
      'Widen the window, or send the endpoint requests first.',
    );
  const spec = inputs.model?.prompt;
  const placeholders = spec?.placeholders ?? [...new Set(calls.flatMap((c) => Object.keys(c.inputs)))];
  const known = new Set((spec?.labels ?? calls.filter((c) => c.valid && c.reply !== null).map((c) => c.reply!)).map(normalise));
  const windows = timeWindows(calls, o.timeWindows);
  const reference = await referenceLengths(ctx, inputs.reference, placeholders, windows[0].calls);
  const headline = promptFigures(calls, placeholders, known);
  const change: Record<string, number> = {};
  for (const p of placeholders) change[`length_change_${p}`] = Math.abs(headline[`length_mean_${p}`] - reference.lengths[p]) / reference.lengths[p];
  const metrics: Record<string, number> = {
    ...headline,
    ...change,
    input_drift_max: Math.max(0, ...Object.values(change).filter(Number.isFinite)),
    windows: windows.length,
  };
  const perWindow = windows.map((w) => ({ ...w, figures: promptFigures(w.calls, placeholders, known) }));

  const winTable = ctx.outputTable('windows');
  const lengthCols = placeholders.map((p) => `length_mean_${p}`);
  const figureCols = [
    'requests',
    'rows',
    'invalid_rate',
    'latency_mean_ms',
    'latency_p95_ms',
    'tokens_in',
    'tokens_out',
    'cost_total',
    'new_label_values',
    ...lengthCols,
  ];
  await ctx.data.run(
    `CREATE OR REPLACE TABLE ${ident(winTable)} (window_start VARCHAR, window_end VARCHAR, ${figureCols.map((c) => `${ident(c)} DOUBLE`).join(', ')})`,
  );
  for (const w of perWindow)
    await ctx.data.run(`INSERT INTO ${ident(winTable)} VALUES (?, ?, ${figureCols.map(() => '?').join(', ')})`, [
      w.start,
      w.end,
      ...figureCols.map((c) => (Number.isFinite(w.figures[c]) ? w.figures[c] : null)),
    ]);
  const colTable = ctx.outputTable('columns');
  await ctx.data.run(
    `CREATE OR REPLACE TABLE ${ident(colTable)} ("column" VARCHAR, reference_mean_length DOUBLE, current_mean_length DOUBLE, relative_change DOUBLE)`,
  );
  for (const p of placeholders)
    await ctx.data.run(`INSERT INTO ${ident(colTable)} VALUES (?, ?, ?, ?)`, [
      p,
      reference.lengths[p],
      headline[`length_mean_${p}`],
      change[`length_change_${p}`],
    ]);
  const curTable = ctx.outputTable('current');
  await writeLogTable(
    ctx.data,
    curTable,
    calls.map((c) => {
      const { request_id, time, row, inputs: values, ...answer } = c;
      return { request_id, time, row, values: { ...values, ...answer } };
    }),
  );

  const newValues = newLabelValues(calls, known);
  const markdown = [
    `**${calls.length} calls in ${metrics.requests} requests** to ${inputs.endpoint.model ?? inputs.endpoint.url}: invalid replies ${fmt(metrics.invalid_rate)}, latency mean ${fmt(metrics.latency_mean_ms)} ms (p95 ${fmt(metrics.latency_p95_ms)}), tokens ${metrics.tokens_in} in / ${metrics.tokens_out} out, cost $${fmt(metrics.cost_total)}.`,
    '',
    `Input text length against ${reference.source}: ${placeholders.map((p) => `${p} ${fmt(headline[`length_mean_${p}`])} vs ${fmt(reference.lengths[p])} (change ${fmt(change[`length_change_${p}`])})`).join('; ')}.`,
    '',
    newValues.length ? `New reply values: ${newValues.slice(0, 20).join(', ')}.` : 'No reply value outside the known labels.',
    '',
    '| window start | rows | invalid rate | latency mean (ms) | tokens in | tokens out | cost |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...perWindow.map(
      (w) =>
        `| ${w.start} | ${w.figures.rows} | ${fmt(w.figures.invalid_rate)} | ${fmt(w.figures.latency_mean_ms)} | ${w.figures.tokens_in} | ${w.figures.tokens_out} | ${fmt(w.figures.cost_total)} |`,
    ),
  ].join('\n');
  const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
  const path = join(ctx.artifactDir, 'prompt-monitor.html');
  await writeFileAtomic(path, `<!doctype html><meta charset="utf-8"><title>${esc(o.title)}</title><h1>${esc(o.title)}</h1><pre>${esc(markdown)}</pre>\n`);
  const series = (name: string, key: string) => ({ name, points: perWindow.map((w, i): [number, number] => [i + 1, w.figures[key]]) });
  return {
    metrics: {
      kind: 'metrics',
      task: 'text',
      metrics,
      groups: Object.fromEntries(perWindow.map((w, i) => [`window_${i + 1}`, w.figures])),
      charts: [
        { type: 'line', id: 'invalid', title: 'Invalid-reply rate per window', x: 'window', series: [series('invalid rate', 'invalid_rate')] },
        {
          type: 'line',
          id: 'latency',
          title: 'Latency per window (ms)',
          x: 'window',
          series: [series('mean', 'latency_mean_ms'), series('p95', 'latency_p95_ms')],
        },
        { type: 'line', id: 'cost', title: 'Tokens per window', x: 'window', series: [series('in', 'tokens_in'), series('out', 'tokens_out')] },
      ],
    },
    report: { kind: 'report', title: `${o.title}: prompt endpoint`, files: [{ name: 'prompt-monitor.html', path, mediaType: 'text/html' }], markdown },
    columns: await ctx.data.describe(colTable),
    windows: await ctx.data.describe(winTable),
    current: await ctx.data.describe(curTable),
  };
}
