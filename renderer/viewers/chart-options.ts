/**
 * Chart (from engine/values.ts) -> ECharts option, as pure functions so every chart kind is tested
 * without a canvas. The window draws whatever a node reports without knowing which node made it.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import type { Chart } from '../../engine/values.js';

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | HeatmapSeriesOption
  | ScatterSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
  | MarkLineComponentOption
>;

/** Above this many points a scatter switches to ECharts' large mode (one path, no per-point hover). */
const LARGE_SCATTER = 2000;

const title = (text: string): TitleComponentOption => ({ text, left: 'center', textStyle: { fontSize: 13, fontWeight: 600 } });
const grid = (legend: boolean): GridComponentOption => ({ left: 56, right: 20, top: legend ? 56 : 36, bottom: 44, containLabel: false });
const legendFor = (names: string[]): LegendComponentOption | undefined => (names.length > 1 ? { top: 24, type: 'scroll' } : undefined);

/** The id of the curve a training streams (`liveLineChart`). */
const LIVE_CHART_ID = 'live';

function lineOption(chart: Extract<Chart, { type: 'line' }>): ChartOption {
  const legend = legendFor(chart.series.map((s) => s.name));
  const live = chart.id === LIVE_CHART_ID;
  return {
    // A live curve gets new points several times a second: tweening each update kept ECharts redrawing
    // every frame (30-60 ms each at 1,000 points), which left the window slow to answer clicks.
    animation: !live,
    title: title(chart.title),
    tooltip: { trigger: 'axis' },
    legend,
    grid: grid(!!legend),
    xAxis: { type: 'value', name: chart.x, nameLocation: 'middle', nameGap: 26, minInterval: chart.x === 'epoch' ? 1 : undefined },
    yAxis: { type: 'value', scale: true },
    series: chart.series.map((s) => ({ type: 'line', name: s.name, data: s.points, showSymbol: s.points.length <= 50, sampling: live ? 'lttb' : undefined })),
  };
}

function heatmapOption(chart: Extract<Chart, { type: 'heatmap' }>): ChartOption {
  const data: [number, number, number][] = [];
  let max = 0;
  chart.values.forEach((row, y) =>
    row.forEach((v, x) => {
      data.push([x, y, v]);
      max = Math.max(max, v);
    }),
  );
  return {
    title: title(chart.title),
    tooltip: { position: 'top' },
    grid: { left: 90, right: 20, top: 36, bottom: 70 },
    xAxis: { type: 'category', data: chart.xLabels, name: chart.xTitle, nameLocation: 'middle', nameGap: 30, splitArea: { show: true } },
    // Row 0 at the top, as a confusion matrix is read.
    yAxis: { type: 'category', data: chart.yLabels, name: chart.yTitle, nameLocation: 'middle', nameGap: 70, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max: max || 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, itemWidth: 10 },
    series: [{ type: 'heatmap', name: chart.title, data, label: { show: data.length <= 400 } }],
  };
}

function curveOption(chart: Extract<Chart, { type: 'curve' }>): ChartOption {
  const names = chart.series.map((s) => (s.area !== undefined ? `${s.name} (AUC ${s.area.toFixed(3)})` : s.name));
  const legend = legendFor(names) ?? (chart.series.some((s) => s.area !== undefined) ? { top: 24 } : undefined);
  return {
    title: title(chart.title),
    tooltip: { trigger: 'item' },
    legend,
    grid: grid(!!legend),
    xAxis: { type: 'value', min: 0, max: 1, name: chart.xTitle, nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', min: 0, max: 1, name: chart.yTitle, nameLocation: 'middle', nameGap: 36 },
    series: chart.series.map((s, i) => ({ type: 'line', name: names[i], data: s.points, showSymbol: false, step: undefined })),
  };
}

function scatterOption(chart: Extract<Chart, { type: 'scatter' }>): ChartOption {
  const residual = /residual/i.test(chart.yTitle) || /residual/i.test(chart.title);
  return {
    title: title(chart.title),
    tooltip: { trigger: 'item' },
    grid: grid(false),
    xAxis: { type: 'value', scale: true, name: chart.xTitle, nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', scale: true, name: chart.yTitle, nameLocation: 'middle', nameGap: 40 },
    series: [
      {
        type: 'scatter',
        name: chart.title,
        data: chart.points,
        symbolSize: chart.points.length > LARGE_SCATTER ? 2 : 4,
        large: chart.points.length > LARGE_SCATTER,
        // A residual plot is read against zero.
        markLine: residual ? { silent: true, symbol: 'none', data: [{ yAxis: 0 }], lineStyle: { type: 'dashed' } } : undefined,
      },
    ],
  };
}

/** Width of one character of a 12 px axis label, generously (digits and dashes of histogram bins). */
const LABEL_CHAR_PX = 6.5;

/**
 * The room under the plot for category labels: rotated ones reach down by their length times
 * sin(angle), so long histogram bins ("1,000,000–2,000,000") are not cut at the chart's edge.
 */
export function labelBand(labels: readonly string[], rotate: number): number {
  if (!rotate) return 60;
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return Math.max(60, Math.ceil(longest * LABEL_CHAR_PX * Math.sin((rotate * Math.PI) / 180)) + 24);
}

function barsOption(chart: Extract<Chart, { type: 'bars' }>): ChartOption {
  const legend = legendFor(chart.series.map((s) => s.name));
  const rotate = chart.labels.length > 8 ? 40 : 0;
  return {
    title: title(chart.title),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend,
    grid: { ...grid(!!legend), bottom: labelBand(chart.labels, rotate) },
    xAxis: { type: 'category', data: chart.labels, axisLabel: { rotate, interval: 0, hideOverlap: true } },
    yAxis: { type: 'value' },
    series: chart.series.map((s) => ({ type: 'bar', name: s.name, data: s.values, large: s.values.length > 500, markLine: errorWhiskers(chart.labels, s) })),
  };
}

/** A spread as one vertical whisker per bar, value - error to value + error (markLine segments on the category). */
function errorWhiskers(labels: string[], s: Extract<Chart, { type: 'bars' }>['series'][number]): MarkLineComponentOption | undefined {
  if (!s.errors) return undefined;
  const errors = s.errors;
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { type: 'solid', width: 1.5 },
    label: { show: false },
    data: labels.map((label, i) => [{ coord: [label, s.values[i] - errors[i]] }, { coord: [label, s.values[i] + errors[i]] }]),
  };
}

/** One waterfall bar from `low` to `high` as stacked parts (ECharts stacks positive and negative values apart). */
interface WaterfallParts {
  lift: (number | string)[];
  above: (number | string)[];
  below: (number | string)[];
}

function pushBar(p: WaterfallParts, low: number, high: number | undefined): void {
  const [lift, above, below]: (number | string)[] =
    high === undefined ? ['-', '-', '-'] : low >= 0 ? [low, high - low, '-'] : high <= 0 ? [high, '-', low - high] : ['-', high, low];
  p.lift.push(lift);
  p.above.push(above);
  p.below.push(below);
}

/**
 * A waterfall as stacked bars: an invisible bar lifts each step to where the running total stands;
 * rises in one colour, falls in another, the first and last bars (base and total) in grey.
 */
function waterfallOption(chart: Extract<Chart, { type: 'waterfall' }>): ChartOption {
  const labels = [chart.baseLabel, ...chart.steps.map((s) => s.label), chart.totalLabel];
  const colours = { total: '#7f8c8d', rise: '#c0392b', fall: '#2471a3' };
  const empty = (): WaterfallParts => ({ lift: [], above: [], below: [] });
  const parts: Record<keyof typeof colours, WaterfallParts> = { total: empty(), rise: empty(), fall: empty() };
  const bar = (kind: keyof typeof colours, a: number, b: number) => {
    for (const [k, p] of Object.entries(parts)) pushBar(p, Math.min(a, b), k === kind ? Math.max(a, b) : undefined);
  };
  bar('total', 0, chart.base);
  let running = chart.base;
  for (const s of chart.steps) {
    bar(s.value >= 0 ? 'rise' : 'fall', running, running + s.value);
    running += s.value;
  }
  bar('total', 0, running);
  const stacked = { type: 'bar' as const, stack: 'waterfall' };
  const names = { total: `${chart.baseLabel} and ${chart.totalLabel}`, rise: 'raises', fall: 'lowers' };
  return {
    title: title(chart.title),
    tooltip: { trigger: 'item' },
    grid: { ...grid(false), bottom: 90 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 6 ? 40 : 0, interval: 0, hideOverlap: true } },
    // From zero: the base and total bars start there.
    yAxis: { type: 'value' },
    series: Object.entries(parts).flatMap(([k, p]) => [
      { ...stacked, name: 'lift', data: p.lift, itemStyle: { color: 'transparent' }, silent: true, tooltip: { show: false } },
      { ...stacked, name: names[k as keyof typeof colours], data: p.above, itemStyle: { color: colours[k as keyof typeof colours] } },
      { ...stacked, name: names[k as keyof typeof colours], data: p.below, itemStyle: { color: colours[k as keyof typeof colours] } },
    ]),
  };
}

/** The charts ECharts draws (a `matrix` is a plain table: reply-matrix.tsx). */
export type EChart = Exclude<Chart, { type: 'matrix' }>;

/**
 * The ECharts option for one reported chart.
 *
 * @example
 * chartOption({ type: 'bars', id: 'drift', title: 'Drift', labels: ['age'], series: [{ name: 'psi', values: [0.1] }] });
 */
export function chartOption(chart: EChart): ChartOption {
  switch (chart.type) {
    case 'line':
      return lineOption(chart);
    case 'heatmap':
      return heatmapOption(chart);
    case 'curve':
      return curveOption(chart);
    case 'scatter':
      return scatterOption(chart);
    case 'bars':
      return barsOption(chart);
    case 'waterfall':
      return waterfallOption(chart);
  }
}

/**
 * A line chart from the live points a training node streams (`detail.point`): x is `epoch` (or
 * `step`, or the point's position), every other key one series.
 *
 * @example
 * liveLineChart([{ epoch: 1, loss: 0.6 }, { epoch: 2, loss: 0.4 }]).series[0].points; // [[1, 0.6], [2, 0.4]]
 */
export function liveLineChart(points: Record<string, number>[], chartTitle = 'Training (live)'): Extract<Chart, { type: 'line' }> {
  const x = points.some((p) => 'epoch' in p) ? 'epoch' : points.some((p) => 'step' in p) ? 'step' : 'report';
  const names: string[] = [];
  for (const p of points) for (const k of Object.keys(p)) if (k !== x && !names.includes(k)) names.push(k);
  const series = names.map((name) => ({
    name,
    points: points.flatMap((p, i): [number, number][] => (p[name] === undefined ? [] : [[x === 'report' ? i + 1 : p[x], p[name]]])),
  }));
  return { type: 'line', id: LIVE_CHART_ID, title: chartTitle, x, series };
}
