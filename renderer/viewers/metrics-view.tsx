/**
 * The Metrics and charts tab: headline figures, per-class figures, and every chart the node
 * reported, plus the live training curve while a node streams points.
 */
import { useMemo } from 'react';
import type { Chart, MetricsValue } from '../../engine/values.js';
import { chartOption, liveLineChart, type EChart } from './chart-options.js';
import { EChartView } from './echart-view.js';
import { formatMetric } from '../../nodes/shared/figures.js';
import { ReplyMatrix } from './reply-matrix.js';

function ChartBox({ chart }: { chart: Chart }) {
  return chart.type === 'matrix' ? <ReplyMatrix chart={chart} /> : <EChartBox chart={chart} />;
}

/** Curves share a row with the confusion matrix (Evaluate), so they take its height, not a box 40 px shorter beside it. */
const CHART_HEIGHT: Partial<Record<EChart['type'], number>> = { heatmap: 300, curve: 300, waterfall: 320 };

function EChartBox({ chart }: { chart: EChart }) {
  const option = useMemo(() => chartOption(chart), [chart]);
  return <EChartView option={option} height={CHART_HEIGHT[chart.type] ?? 260} testId={`chart-${chart.type}-${chart.id}`} />;
}

/** The live curve of a running (or just finished) node, from its streamed `detail.point`s. */
export function LiveChart({ points }: { points: Record<string, number>[] }) {
  const chart = useMemo(() => liveLineChart(points), [points]);
  return <ChartBox chart={chart} />;
}

export function MetricTiles({ metrics }: { metrics: Record<string, number> }) {
  return (
    <div className="metrics-view__headline">
      {Object.entries(metrics).map(([name, v]) => (
        <div key={name} className="metric-tile" data-metric={name}>
          <div className="metric-tile__name">{name}</div>
          <div className="metric-tile__value" title={String(v)}>
            {formatMetric(name, v)}
          </div>
        </div>
      ))}
    </div>
  );
}

/**
 * @example
 * <MetricsView value={metricsValue} livePoints={run.points} />
 */
export function MetricsView({ value, livePoints }: { value?: MetricsValue; livePoints?: Record<string, number>[] }) {
  const groups = value?.groups ? Object.entries(value.groups) : [];
  const groupKeys = [...new Set(groups.flatMap(([, g]) => Object.keys(g)))];
  return (
    <div className="metrics-view" data-testid="metrics-view">
      {value && <MetricTiles metrics={value.metrics} />}
      {groups.length > 0 && (
        <table className="stats-table">
          <thead>
            <tr>
              <th>group</th>
              {groupKeys.map((k) => (
                <th key={k} className="num">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map(([name, g]) => (
              <tr key={name}>
                <td>{name}</td>
                {groupKeys.map((k) => (
                  <td key={k} className="num">
                    {g[k] === undefined ? '' : formatMetric(k, g[k])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="metrics-view__charts">
        {/* Once the node reports its own charts, the live curve has served its purpose. */}
        {livePoints && livePoints.length > 0 && !value?.charts?.length && <LiveChart points={livePoints} />}
        {value?.charts?.map((c) => (
          <ChartBox key={c.id} chart={c} />
        ))}
      </div>
    </div>
  );
}
