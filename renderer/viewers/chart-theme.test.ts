/**
 * Charts take every colour from the theme in force: in the dark theme the title, axis labels and
 * heatmap cell labels read against the panel (WCAG AA, 4.5:1), grid lines and confusion-matrix
 * cells use the dark tokens, and nothing is left to ECharts' light defaults. Contrast is computed
 * here from tokens.css with the WCAG relative-luminance formula, not by the code under test.
 */
import { describe, expect, it } from 'vitest';
import { chartOption } from './chart-options.js';
import { CHART_TOKENS, themedOption, type ChartTheme } from './chart-theme.js';

// vitest runs from the repository root (happy-dom gives import.meta.url no file scheme).
const tokens = readFileSync('renderer/styles/tokens.css', 'utf8');

// eslint-disable-next-line no-restricted-imports -- this test runs in Node, not in the window's sandbox
import { readFileSync } from 'node:fs';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

function block(selectorStart: string): Record<string, string> {
  const at = tokens.indexOf(selectorStart);
  const body = tokens.slice(tokens.indexOf('{', at) + 1, tokens.indexOf('\n}', at));
  return Object.fromEntries([...body.matchAll(/(--[a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
}

/** The chart theme as the window would read it from tokens.css. */
function themeFromPage(theme: 'light' | 'dark'): ChartTheme {
  const light = block(':root {');
  const values = theme === 'light' ? light : { ...light, ...block(":root[data-theme='dark']") };
  return Object.fromEntries(Object.entries(CHART_TOKENS).map(([k, v]) => [k, values[v]])) as unknown as ChartTheme;
}

const confusion = chartOption({
  type: 'heatmap',
  id: 'cm',
  title: 'Confusion matrix',
  xLabels: ['no', 'yes'],
  yLabels: ['no', 'yes'],
  xTitle: 'predicted',
  yTitle: 'actual',
  values: [
    [90, 5],
    [10, 40],
  ],
});
const bars = chartOption({
  type: 'bars',
  id: 'b',
  title: 'age: histogram',
  labels: ['0–10', '10–20'],
  series: [{ name: 'rows', values: [3, 4], errors: [1, 1] }],
});
/** The value at a dotted path of an option (`series.0.label.color`). */
const at = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
const colour = (o: unknown, path: string) => at(o, path) as string;

describe('chart colours from the theme', () => {
  for (const name of ['light', 'dark'] as const) {
    it(`reads the ${name} tokens and writes them into titles, axes, grid lines and cells`, () => {
      const t = themeFromPage(name);
      expect(t.text).toMatch(/^#[0-9a-f]{6}$/i);
      const panel = t.surface;
      const o = themedOption(confusion, t);
      expect(contrast(colour(o, 'title.textStyle.color'), panel)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour(o, 'xAxis.axisLabel.color'), panel)).toBeGreaterThanOrEqual(4.5);
      // Cell labels read on the emptiest and the fullest cell.
      const [low, high] = at(o, 'visualMap.inRange.color') as string[];
      expect(contrast(colour(o, 'series.0.label.color'), low)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(colour(o, 'series.0.label.color'), high)).toBeGreaterThanOrEqual(4.5);
      expect(at(o, 'yAxis.splitArea.areaStyle.color')).toEqual([t.surface, t.sunken]);
      const b = themedOption(bars, t);
      expect(colour(b, 'yAxis.splitLine.lineStyle.color')).toBe(t.grid);
      expect(contrast(colour(b, 'series.0.markLine.lineStyle.color'), panel)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('dark cells and lines are dark: no light-theme colour is left', () => {
    const o = themedOption(confusion, themeFromPage('dark'));
    for (const c of [...(at(o, 'visualMap.inRange.color') as string[]), ...(at(o, 'xAxis.splitArea.areaStyle.color') as string[])]) {
      expect(luminance(c)).toBeLessThan(0.2);
    }
  });
});
