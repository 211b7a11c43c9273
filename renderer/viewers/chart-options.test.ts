import { describe, expect, it } from 'vitest';
import type { Chart } from '../../engine/values.js';
import { chartOption, liveLineChart } from './chart-options.js';

type AnyObj = Record<string, unknown>;
const series = (o: AnyObj) => o.series as AnyObj[];

describe('chartOption', () => {
  it('draws a line chart per series against the x quantity', () => {
    const chart: Chart = {
      type: 'line',
      id: 'loss',
      title: 'Loss per epoch',
      x: 'epoch',
      series: [
        {
          name: 'loss',
          points: [
            [1, 0.62],
            [2, 0.41],
            [3, 0.37],
          ],
        },
        {
          name: 'val_loss',
          points: [
            [1, 0.65],
            [2, 0.45],
            [3, 0.4],
          ],
        },
      ],
    };
    const o = chartOption(chart) as AnyObj;
    expect((o.xAxis as AnyObj).name).toBe('epoch');
    expect((o.xAxis as AnyObj).minInterval).toBe(1);
    expect(series(o).map((s) => [s.type, s.name])).toEqual([
      ['line', 'loss'],
      ['line', 'val_loss'],
    ]);
    expect(series(o)[1].data).toEqual([
      [1, 0.65],
      [2, 0.45],
      [3, 0.4],
    ]);
    expect(o.legend).toBeDefined();
  });

  it('turns a confusion matrix into heatmap cells [x, y, count] with the colour scale up to the largest count', () => {
    const chart: Chart = {
      type: 'heatmap',
      id: 'cm',
      title: 'Confusion matrix',
      xLabels: ['<=50K', '>50K'],
      yLabels: ['<=50K', '>50K'],
      values: [
        [4500, 420],
        [610, 980],
      ],
      xTitle: 'predicted',
      yTitle: 'actual',
    };
    const o = chartOption(chart) as AnyObj;
    expect(series(o)[0].type).toBe('heatmap');
    // Row y=1 (actual >50K), column x=0 (predicted <=50K) holds 610.
    expect(series(o)[0].data).toContainEqual([0, 1, 610]);
    expect((series(o)[0].data as unknown[]).length).toBe(4);
    expect((o.visualMap as AnyObj).max).toBe(4500);
    expect((o.yAxis as AnyObj).inverse).toBe(true);
    expect((o.xAxis as AnyObj).data).toEqual(['<=50K', '>50K']);
  });

  it('labels ROC curves with their area and fixes both axes to [0, 1]', () => {
    const chart: Chart = {
      type: 'curve',
      id: 'roc',
      title: 'ROC',
      xTitle: 'false positive rate',
      yTitle: 'true positive rate',
      series: [
        {
          name: '>50K',
          points: [
            [0, 0],
            [0.1, 0.6],
            [1, 1],
          ],
          area: 0.9034,
        },
      ],
    };
    const o = chartOption(chart) as AnyObj;
    expect(series(o)[0].name).toBe('>50K (AUC 0.903)');
    expect([(o.xAxis as AnyObj).min, (o.xAxis as AnyObj).max, (o.yAxis as AnyObj).max]).toEqual([0, 1, 1]);
    expect(o.legend).toBeDefined();
  });

  it('draws residuals as a scatter with a zero line, and switches big scatters to large mode', () => {
    const small: Chart = {
      type: 'scatter',
      id: 'res',
      title: 'Residuals',
      xTitle: 'predicted',
      yTitle: 'residual',
      points: [
        [1, -0.5],
        [2, 0.3],
      ],
    };
    const o = chartOption(small) as AnyObj;
    expect(series(o)[0].type).toBe('scatter');
    expect(series(o)[0].large).toBe(false);
    expect((series(o)[0].markLine as AnyObj).data).toEqual([{ yAxis: 0 }]);
    const points = Array.from({ length: 2500 }, (_, i): [number, number] => [i, i % 7]);
    const big = chartOption({ type: 'scatter', id: 'p', title: 'Predicted vs actual', xTitle: 'actual', yTitle: 'predicted', points }) as AnyObj;
    expect(series(big)[0].large).toBe(true);
    expect(series(big)[0].markLine).toBeUndefined();
  });

  it('draws histograms and drift as category bars, one series per group', () => {
    const chart: Chart = {
      type: 'bars',
      id: 'drift',
      title: 'Drift (PSI)',
      labels: ['age', 'hours-per-week'],
      series: [
        { name: 'psi', values: [0.02, 0.31] },
        { name: 'threshold', values: [0.2, 0.2] },
      ],
    };
    const o = chartOption(chart) as AnyObj;
    expect((o.xAxis as AnyObj).data).toEqual(['age', 'hours-per-week']);
    expect(series(o).map((s) => s.type)).toEqual(['bar', 'bar']);
    expect(series(o)[0].data).toEqual([0.02, 0.31]);
  });
});

describe('liveLineChart', () => {
  it('plots each streamed figure against the epoch', () => {
    const chart = liveLineChart([
      { epoch: 1, loss: 0.6, val_loss: 0.7 },
      { epoch: 2, loss: 0.4 },
    ]);
    expect(chart.x).toBe('epoch');
    expect(chart.series).toEqual([
      {
        name: 'loss',
        points: [
          [1, 0.6],
          [2, 0.4],
        ],
      },
      { name: 'val_loss', points: [[1, 0.7]] },
    ]);
  });

  it('numbers the reports when no epoch or step is given', () => {
    const chart = liveLineChart([{ loss: 0.9 }, { loss: 0.8 }]);
    expect(chart.x).toBe('report');
    expect(chart.series[0].points).toEqual([
      [1, 0.9],
      [2, 0.8],
    ]);
  });

  it('draws the live curve without tweens (a new option several times a second), a reported curve with them', () => {
    const points = Array.from({ length: 1000 }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1) }));
    const live = chartOption(liveLineChart(points));
    expect(live.animation).toBe(false);
    expect((live.series as { sampling?: string }[])[0].sampling).toBe('lttb');
    const reported = chartOption({ ...liveLineChart(points), id: 'history' });
    expect(reported.animation).toBe(true);
  });
});
