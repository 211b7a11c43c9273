/**
 * One ECharts canvas. Registers only the chart kinds and components the viewers use, so the bundle
 * carries a fraction of ECharts.
 */
import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartOption } from './chart-options.js';
import { readChartTheme, themedOption } from './chart-theme.js';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/**
 * @example
 * <EChartView option={chartOption(chart)} height={280} />
 */
export function EChartView({ option, height = 260, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const themeSeq = useThemeChanges();

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => instance.resize());
    observer?.observe(el.current);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!el.current) return;
    // Live charts get a new option per epoch; merging keeps the zoom and legend choices the user made.
    chart.current?.setOption(themedOption(option, readChartTheme(el.current)), { notMerge: false, lazyUpdate: true });
  }, [option, themeSeq]);

  return <div ref={el} className="chart-box" style={{ height }} data-testid={testId} />;
}

/** A number that changes whenever <html>'s theme attributes do (use-theme.ts sets them), so charts repaint in the new colours. */
function useThemeChanges(): number {
  const [seq, setSeq] = useState(0);
  useEffect(() => {
    const observer = new MutationObserver(() => setSeq((n) => n + 1));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'data-os-theme'] });
    return () => observer.disconnect();
  }, []);
  return seq;
}
