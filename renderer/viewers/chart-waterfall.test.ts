import { describe, expect, it } from 'vitest';
import type { Chart } from '../../engine/values.js';
import { chartOption } from './chart-options.js';

type AnyObj = Record<string, unknown>;
const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v);

describe('chartOption: Explain charts', () => {
  it('draws a waterfall whose stacked parts span each step, also across zero (figures worked by hand)', () => {
    // Running total: 0.2 -> 0.5 -> -0.1 -> -0.05.
    const chart: Chart = {
      type: 'waterfall',
      id: 'row_1',
      title: 'Row 1',
      baseLabel: 'baseline',
      base: 0.2,
      steps: [
        { label: 'a', value: 0.3 },
        { label: 'b', value: -0.6 },
        { label: 'c', value: 0.05 },
      ],
      totalLabel: 'prediction',
    };
    const o = chartOption(chart) as AnyObj;
    expect((o.xAxis as AnyObj).data).toEqual(['baseline', 'a', 'b', 'c', 'prediction']);
    const data = (o.series as AnyObj[]).map((s) => (s.data as unknown[]).map(round));
    const _ = '-';
    expect(data).toEqual([
      // base [0, 0.2] and total [-0.05, 0]
      [0, _, _, _, 0],
      [0.2, _, _, _, _],
      [_, _, _, _, -0.05],
      // rises: a [0.2, 0.5]; c [-0.1, -0.05] below zero, lifted down to -0.05
      [_, 0.2, _, -0.05, _],
      [_, 0.3, _, _, _],
      [_, _, _, -0.05, _],
      // fall: b [-0.1, 0.5] crosses zero, drawn as 0.5 above and -0.1 below
      [_, _, _, _, _],
      [_, _, 0.5, _, _],
      [_, _, -0.1, _, _],
    ]);
    expect((o.series as AnyObj[]).every((s) => s.stack === 'waterfall')).toBe(true);
    // The base and total bars start at zero, so the axis must show it.
    expect((o.yAxis as AnyObj).scale).toBeUndefined();
  });

  it('draws error whiskers from value - std to value + std on each bar', () => {
    const chart: Chart = {
      type: 'bars',
      id: 'importance',
      title: 'Importance',
      labels: ['age', 'sex'],
      series: [{ name: 'importance', values: [0.1, 0.02], errors: [0.01, 0.005] }],
    };
    const markLine = (chartOption(chart).series as AnyObj[])[0].markLine as AnyObj;
    expect((markLine.data as { coord: [string, number] }[][]).map((seg) => seg.map((p) => [p.coord[0], round(p.coord[1])]))).toEqual([
      [
        ['age', 0.09],
        ['age', 0.11],
      ],
      [
        ['sex', 0.015],
        ['sex', 0.025],
      ],
    ]);
    const plain = chartOption({ ...chart, series: [{ name: 'importance', values: [0.1, 0.02] }] });
    expect((plain.series as AnyObj[])[0].markLine).toBeUndefined();
  });
});
