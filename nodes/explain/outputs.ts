/**
 * What Explain hands on: three inspectable tables (importance, dependence, attributions) and a
 * metrics value with the headline figures and the window's charts.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import type { Chart } from '../../engine/values.js';
import type { DependenceCurve } from './dependence.js';
import type { ImportanceResult } from './importance.js';
import type { RowExplanation } from './row-explanations.js';

type Cell = string | number | null;
type ColumnType = 'VARCHAR' | 'DOUBLE' | 'INTEGER';

async function writeTable(data: DataPlane, table: string, columns: [string, ColumnType][], rows: Cell[][]): Promise<void> {
  await data.run(`CREATE OR REPLACE TABLE ${ident(table)} (${columns.map(([n, t]) => `${ident(n)} ${t}`).join(', ')})`);
  const appender = await data.connection.createAppender(table);
  for (const row of rows) {
    row.forEach((v, j) => {
      if (v === null || (typeof v === 'number' && !Number.isFinite(v))) appender.appendNull();
      else if (columns[j][1] === 'VARCHAR') appender.appendVarchar(String(v));
      else if (columns[j][1] === 'INTEGER') appender.appendInteger(v as number);
      else appender.appendDouble(v as number);
    });
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
}

export async function writeImportance(data: DataPlane, table: string, r: ImportanceResult): Promise<void> {
  const repeats = r.features[0]?.repeats.length ?? 0;
  const columns: [string, ColumnType][] = [
    ['rank', 'INTEGER'],
    ['feature', 'VARCHAR'],
    ['importance', 'DOUBLE'],
    ['std', 'DOUBLE'],
    ['share', 'DOUBLE'],
    ['metric', 'VARCHAR'],
    ['baseline', 'DOUBLE'],
    ...Array.from({ length: repeats }, (_, i): [string, ColumnType] => [`repeat_${i + 1}`, 'DOUBLE']),
  ];
  await writeTable(
    data,
    table,
    columns,
    r.features.map((f, i) => [i + 1, f.feature, f.importance, f.std, f.share, r.metric, r.baseline, ...f.repeats]),
  );
}

export async function writeDependence(data: DataPlane, table: string, curves: DependenceCurve[], output: string): Promise<void> {
  const rows: Cell[][] = [];
  for (const c of curves) {
    c.labels.forEach((label, k) => {
      rows.push([c.feature, k, label, c.values[k], null, output, c.average[k]]);
      for (const line of c.ice) rows.push([c.feature, k, label, c.values[k], line.row + 1, output, line.values[k]]);
    });
  }
  const columns: [string, ColumnType][] = [
    ['feature', 'VARCHAR'],
    ['grid_index', 'INTEGER'],
    ['value', 'VARCHAR'],
    ['value_number', 'DOUBLE'],
    ['row', 'INTEGER'],
    ['output', 'VARCHAR'],
    ['prediction', 'DOUBLE'],
  ];
  await writeTable(data, table, columns, rows);
}

export async function writeAttributions(data: DataPlane, table: string, rows: RowExplanation[]): Promise<void> {
  const columns: [string, ColumnType][] = [
    ['row', 'INTEGER'],
    ['method', 'VARCHAR'],
    ['output', 'VARCHAR'],
    ['feature', 'VARCHAR'],
    ['value', 'VARCHAR'],
    ['attribution', 'DOUBLE'],
    ['base', 'DOUBLE'],
    ['prediction', 'DOUBLE'],
  ];
  await writeTable(
    data,
    table,
    columns,
    rows.flatMap((r) => r.attributions.map((a) => [r.row, r.method, r.output, a.feature, a.value, a.attribution, r.base, r.prediction])),
  );
}

/** ICE lines drawn per dependence chart (the table holds them all). */
const ICE_LINES = 20;
/** Waterfalls drawn (the table holds every chosen row). */
const WATERFALLS = 5;

export function explainCharts(importance: ImportanceResult, curves: DependenceCurve[], rows: RowExplanation[], output: string): Chart[] {
  const charts: Chart[] = [
    {
      type: 'bars',
      id: 'importance',
      title: `Importance: ${importance.metric === 'rmse' ? 'RMSE rise' : `${importance.metric} drop`} (mean ± std)`,
      labels: importance.features.map((f) => f.feature),
      series: [{ name: 'importance', values: importance.features.map((f) => f.importance), errors: importance.features.map((f) => f.std) }],
    },
  ];
  for (const c of curves) {
    if (c.numeric) {
      const line = (values: number[]) => c.values.map((x, k): [number, number] => [x ?? k, values[k]]);
      charts.push({
        type: 'line',
        id: `dependence_${c.feature}`,
        title: `${output} by ${c.feature} (mean and ICE)`,
        x: c.feature,
        series: [
          { name: 'partial dependence', points: line(c.average) },
          ...c.ice.slice(0, ICE_LINES).map((l) => ({ name: `row ${l.row + 1}`, points: line(l.values) })),
        ],
      });
    } else {
      charts.push({
        type: 'bars',
        id: `dependence_${c.feature}`,
        title: `${output} by ${c.feature} (mean)`,
        labels: c.labels,
        series: [{ name: 'partial dependence', values: c.average }],
      });
    }
  }
  for (const r of rows.slice(0, WATERFALLS)) {
    charts.push({
      type: 'waterfall',
      id: `row_${r.row}`,
      title: `Row ${r.row}: ${r.output} ${r.prediction.toPrecision(4)} (${r.method === 'kernel-shap' ? 'KernelSHAP' : 'integrated gradients'})`,
      baseLabel: r.method === 'kernel-shap' ? 'average' : 'baseline',
      base: r.base,
      steps: [...r.attributions]
        .sort((a, b) => Math.abs(b.attribution) - Math.abs(a.attribution))
        .map((a) => ({ label: `${a.feature} = ${a.value}`, value: a.attribution })),
      totalLabel: 'prediction',
    });
  }
  return charts;
}
