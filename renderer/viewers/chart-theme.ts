/**
 * Chart colours from the design tokens: ECharts paints on a canvas, which CSS variables do not
 * reach, so the tokens in force are read once per theme and written into the option (titles,
 * axes, grid lines, legend, tooltip, heatmap cells). Without this a dark window got ECharts'
 * light-theme greys: dark titles on a dark panel, light confusion-matrix cells.
 */
import type { ChartOption } from './chart-options.js';

export interface ChartTheme {
  text: string;
  muted: string;
  /** Grid and split lines. */
  grid: string;
  axis: string;
  surface: string;
  sunken: string;
  /** Heatmap cells run from `sunken` (0) to this (the largest count); `text` reads on both. */
  cellHigh: string;
}

/** The design token behind each chart colour. */
export const CHART_TOKENS: Record<keyof ChartTheme, string> = {
  text: '--text',
  muted: '--text-muted',
  grid: '--border',
  axis: '--border-strong',
  surface: '--bg-panel',
  sunken: '--bg-sunken',
  cellHigh: '--chart-cell-high',
};

/** The chart colours of the theme in force at `el` (custom properties resolve per element). */
export function readChartTheme(el: Element): ChartTheme {
  const style = getComputedStyle(el);
  return Object.fromEntries(Object.entries(CHART_TOKENS).map(([k, v]) => [k, style.getPropertyValue(v).trim()])) as unknown as ChartTheme;
}

type Obj = Record<string, unknown>;
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : v ? [v as Obj] : []);
const sub = (o: Obj, key: string): Obj => (o[key] && typeof o[key] === 'object' ? (o[key] as Obj) : {});
/** Keeps an option's shape (one object or a list) while colouring each entry. */
const each = (v: unknown, paint: (o: Obj) => Obj) => (Array.isArray(v) ? asList(v).map(paint) : v ? paint(v as Obj) : v);

function axis(t: ChartTheme) {
  return (a: Obj): Obj => ({
    ...a,
    axisLabel: { ...sub(a, 'axisLabel'), color: t.muted },
    nameTextStyle: { ...sub(a, 'nameTextStyle'), color: t.muted },
    axisLine: { ...sub(a, 'axisLine'), lineStyle: { ...sub(sub(a, 'axisLine'), 'lineStyle'), color: t.axis } },
    axisTick: { ...sub(a, 'axisTick'), lineStyle: { ...sub(sub(a, 'axisTick'), 'lineStyle'), color: t.axis } },
    splitLine: { ...sub(a, 'splitLine'), lineStyle: { ...sub(sub(a, 'splitLine'), 'lineStyle'), color: t.grid } },
    splitArea: { ...sub(a, 'splitArea'), areaStyle: { color: [t.surface, t.sunken] } },
  });
}

function series(t: ChartTheme) {
  return (s: Obj): Obj => {
    const painted: Obj = s.label ? { ...s, label: { ...sub(s, 'label'), color: t.text } } : { ...s };
    const mark = sub(s, 'markLine');
    if (s.markLine) painted.markLine = { ...mark, lineStyle: { ...sub(mark, 'lineStyle'), color: t.text } };
    return painted;
  };
}

/**
 * `option` with every colour that ECharts would take from its own light theme set from `t`.
 *
 * @example
 * themedOption(chartOption(chart), readChartTheme(element))
 */
export function themedOption(option: ChartOption, t: ChartTheme): ChartOption {
  const o = option as Obj;
  return {
    ...o,
    textStyle: { ...sub(o, 'textStyle'), color: t.text },
    title: each(o.title, (x) => ({ ...x, textStyle: { ...sub(x, 'textStyle'), color: t.text } })),
    legend: each(o.legend, (x) => ({ ...x, textStyle: { ...sub(x, 'textStyle'), color: t.text }, pageTextStyle: { color: t.muted } })),
    tooltip: each(o.tooltip, (x) => ({ ...x, backgroundColor: t.surface, borderColor: t.axis, textStyle: { ...sub(x, 'textStyle'), color: t.text } })),
    xAxis: each(o.xAxis, axis(t)),
    yAxis: each(o.yAxis, axis(t)),
    visualMap: each(o.visualMap, (x) => ({ ...x, inRange: { color: [t.sunken, t.cellHigh] }, textStyle: { color: t.text } })),
    series: each(o.series, series(t)),
  } as ChartOption;
}
