import { join } from 'node:path';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { compareProfiles, type ColumnOverride, type CompareOptions } from '../../engine/monitor/compare.js';
import { tableProfiles } from '../../engine/monitor/profiles.js';
import { defineRunner, type RunContext } from '../../engine/node-run.js';
import type { Chart, ReportValue, TableValue } from '../../engine/values.js';
import { chartColumnOf, distributionChart, driftScoreChart, windowChart } from './charts.js';
import { windowMetrics } from './decay.js';
import { monitorDef } from './def.js';
import { LOG_META_COLUMNS } from './log-table.js';
import { driftMetrics, writeColumnsTable, writeWindowsTable } from './outputs.js';
import type { LogWindow } from './prediction-log.js';
import { driftReportHtml } from './report-html.js';
import { isPromptLog } from './prompt-log.js';
import { monitorPrompt } from './prompt-monitor.js';
import { loadCurrent, loadReference } from './sources.js';
import { windowDrift, type WindowDrift } from './time-windows.js';
import type { ParamsOf } from '../../engine/node-def.js';

type Params = ParamsOf<typeof monitorDef>;

export function logWindow(p: Params, now = Date.now()): LogWindow {
  switch (p.window) {
    case 'requests':
      return { kind: 'requests', last: p.lastRequests };
    case 'hour':
      return { kind: 'since', ms: 3_600_000, now };
    case 'day':
      return { kind: 'since', ms: 86_400_000, now };
    case 'range': {
      // The def's rule has checked both dates before the run.
      return { kind: 'range', from: p.from.trim() ? Date.parse(p.from) : -Infinity, to: p.to.trim() ? Date.parse(p.to) : Infinity };
    }
    default:
      return { kind: 'all' };
  }
}

/** The model's output columns in the current data, each with the reference column it is compared with. */
function predictionMap(current: TableValue, referenceNames: Set<string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const { name } of current.columns) {
    if (name.startsWith('predicted_')) {
      // Without logged predictions in the reference, the predicted label is compared with the true one the model learned.
      const target = name.slice('predicted_'.length);
      if (referenceNames.has(name)) map.set(name, name);
      else if (referenceNames.has(target)) map.set(name, target);
    } else if (name.startsWith('probability_') && referenceNames.has(name)) map.set(name, name);
  }
  return map;
}

function overridesOf(p: Params, ctx: RunContext, names: Set<string>): ColumnOverride[] {
  return p.overrides
    .filter((o) => o.column.trim())
    .map((o) => {
      if (!names.has(o.column)) ctx.log('warn', `the per-column test for "${o.column}" names no column of the reference; it is ignored`);
      return { column: o.column, method: o.method === 'default' ? undefined : o.method, threshold: o.threshold > 0 ? o.threshold : undefined };
    });
}

export const monitorRunner = defineRunner(monitorDef, async (ctx, inputs, params) => {
  const logDir = inputs.endpoint?.logDir;
  if (inputs.endpoint && logDir && !inputs.current && (await isPromptLog(logDir)))
    return monitorPrompt(
      ctx,
      { endpoint: { ...inputs.endpoint, logDir }, model: inputs.model, reference: inputs.reference },
      { window: logWindow(params), timeWindows: params.timeWindows, title: params.title },
    );
  ctx.progress(0, 'reading the reference');
  const reference = await loadReference(ctx, inputs.reference, inputs.model);
  ctx.progress(0.2, 'reading the current data');
  const current = await loadCurrent(ctx, inputs.current, inputs.endpoint, logWindow(params), reference.target);
  const refNames = new Set(reference.profiles.map((p) => p.name));
  const predictions = predictionMap(current.table, refNames);
  // Model outputs with nothing to compare against (class probabilities of a training table) are not schema changes.
  const unmatchedOutputs = current.table.columns.map((c) => c.name).filter((n) => /^(predicted|probability)_/.test(n) && !predictions.has(n));
  const ignore = [...params.ignore, ...(current.fromLog ? LOG_META_COLUMNS : []), ...unmatchedOutputs];
  const options: CompareOptions = {
    driftShare: params.driftShare,
    overrides: overridesOf(params, ctx, new Set([...refNames, ...current.table.columns.map((c) => c.name)])),
    predictions,
    ignore,
  };
  const refProfiles = reference.profiles.filter((p) => !params.ignore.includes(p.name));
  const curProfiles = await tableProfiles(ctx.data, current.table.table, { signal: ctx.signal });
  ctx.progress(0.4, 'comparing columns');
  const summary = compareProfiles(refProfiles, curProfiles, options);
  let windows: WindowDrift[] = [];
  if (current.fromLog) {
    ctx.progress(0.6, 'drift per time window');
    const columns = summary.columns.map((c) => c.column);
    windows = await windowDrift(ctx.data, current.table.table, refProfiles, columns, params.timeWindows, options, ctx.signal);
  }
  let decay: Record<string, number> | undefined;
  const notes: string[] = [];
  if (inputs.labels) {
    if (!reference.target) notes.push('Labels were given but the model target is unknown: connect the model package to measure performance.');
    else {
      ctx.progress(0.8, 'scoring the labelled rows');
      const d = await windowMetrics(ctx.data, current.table, inputs.labels, {
        target: reference.target,
        labelColumn: params.labelColumn,
        tolerance: params.decayTolerance,
        table: `${ctx.outputTable('current')}__labelled`,
        reference: reference.metrics,
      });
      if (d.labelled) decay = { ...d.metrics, labelled_rows: d.labelled };
      else notes.push('No labelled row matched a logged request: no performance figures.');
    }
  }
  for (const n of notes) ctx.log('warn', n);
  if (summary.columns.some((c) => c.approximate))
    notes.push('Some reference columns were stored rounded or lumped: their figures are close to, not equal to, the exact ones.');
  const rows = { reference: reference.rows, current: current.table.rowCount, requests: current.requests };
  const metrics = driftMetrics(summary, rows, decay);
  const chartColumn = chartColumnOf(summary.columns, params.chartColumn);
  const charts: (Chart | undefined)[] = [
    driftScoreChart(summary.columns),
    chartColumn
      ? distributionChart(
          chartColumn,
          refProfiles.find((p) => p.name === chartColumn),
          curProfiles.find((p) => p.name === chartColumn),
        )
      : undefined,
    windowChart(windows),
  ];
  metrics.charts = charts.filter((c): c is Chart => c !== undefined);
  const html = driftReportHtml({ title: params.title, summary, reference: reference.describe, current: current.describe, rows, decay, notes });
  const path = join(ctx.artifactDir, 'drift-report.html');
  await writeFileAtomic(path, html);
  const verdict = summary.datasetDrift ? 'dataset drift' : 'no dataset drift';
  const report: ReportValue = {
    kind: 'report',
    title: `${params.title}: ${verdict}`,
    files: [{ name: 'drift-report.html', path, mediaType: 'text/html' }],
    markdown: `**${verdict}**: ${summary.drifted} of ${summary.compared} columns drifted (${summary.columns
      .filter((c) => c.drifted)
      .map((c) => c.column)
      .join(', ')})`,
  };
  const columns = await writeColumnsTable(ctx.data, ctx.outputTable('columns'), summary);
  const windowsTable = await writeWindowsTable(ctx.data, ctx.outputTable('windows'), windows);
  ctx.progress(1, `${verdict}: ${summary.drifted} of ${summary.compared} columns drifted`);
  return { metrics, report, columns, windows: windowsTable, current: current.table };
});
