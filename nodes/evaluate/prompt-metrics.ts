/**
 * Figures per prompt variant against an expected column: the share of rows passing the chosen check
 * (`accuracy_<v>`), invalid replies, latency, cost and tokens, F1 and a confusion matrix for labels,
 * and the same figures of the best variant (highest accuracy, first on a tie) as `<metric>_best`.
 */
import type { Chart, MetricsValue } from '../../engine/values.js';
import { classificationReport } from '../shared/classification-metrics.js';
import { normalise, parsesAsJson, passes, percentile, type CheckOptions } from '../shared/text-checks.js';
import type { PromptTable, VariantRows } from './prompt-table.js';

/** Rows shown in the variants-by-rows matrix (a window table, not a download); the figures always use every row. */
export const MATRIX_ROWS = 100;
const INVALID = '(invalid)';

export interface PromptCheck extends CheckOptions {
  /** For 'json' with a schema: whether a reply fits it. */
  schema?: (value: unknown) => boolean;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const present = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x));

function labelFigures(truth: string[], predicted: string[]) {
  const labels = [...new Set([...truth, ...predicted])].sort();
  const k = labels.length;
  const probs = new Float64Array(predicted.length * k);
  predicted.forEach((p, r) => (probs[r * k + labels.indexOf(p)] = 1));
  const report = classificationReport({ labels, truth: Int32Array.from(truth, (t) => labels.indexOf(t)), probs });
  return { labels, report };
}

function variantFigures(v: VariantRows, check: PromptCheck, passed: boolean[]) {
  const all = v.reply.length;
  const scored = passed.length;
  const cost = v.cost.reduce<number>((a, c) => a + (c ?? 0), 0);
  const latency = present(v.latencyMs);
  const figures: Record<string, number> = {
    accuracy: scored ? passed.filter(Boolean).length / scored : NaN,
    invalid_share: all ? v.valid.filter((x) => !x).length / all : NaN,
    latency_mean_ms: mean(latency),
    latency_p50_ms: percentile(latency, 0.5),
    latency_p95_ms: percentile(latency, 0.95),
    cost_total: cost,
    cost_per_row: all ? cost / all : NaN,
    cost_per_1000: all ? (1000 * cost) / all : NaN,
    tokens_in: present(v.tokensIn).reduce((a, b) => a + b, 0),
    tokens_out: present(v.tokensOut).reduce((a, b) => a + b, 0),
    rows: scored,
  };
  if (check.kind === 'json') {
    const replies = v.reply.filter((r): r is string => r !== null);
    figures.json_valid_share = all ? replies.filter(parsesAsJson).length / all : NaN;
    if (check.schema) figures.schema_valid_share = all ? replies.filter((r) => parsesAsJson(r) && check.schema!(JSON.parse(r))).length / all : NaN;
  }
  return figures;
}

/** Which rows count and whether each passed: checks needing an expected value skip rows without one. */
function checkRows(t: PromptTable, v: VariantRows, check: PromptCheck): { rows: number[]; passed: boolean[] } {
  const needsExpected = check.kind !== 'regex' && check.kind !== 'json';
  const rows = t.expected.flatMap((e, i) => (needsExpected && e === null ? [] : [i]));
  const passed = rows.map((i) => {
    if (check.kind === 'json') return v.reply[i] !== null && parsesAsJson(v.reply[i]!) && (!check.schema || check.schema(JSON.parse(v.reply[i]!)));
    return passes(v.reply[i], t.expected[i], check);
  });
  return { rows, passed };
}

export function promptMetrics(t: PromptTable, check: PromptCheck): MetricsValue {
  const metrics: Record<string, number> = {};
  const groups: Record<string, Record<string, number>> = {};
  const charts: Chart[] = [];
  const passMap: boolean[][] = [];
  for (const v of t.variants) {
    const { rows, passed } = checkRows(t, v, check);
    const figures = variantFigures(v, check, passed);
    const byRow = new Array<boolean>(t.expected.length).fill(false);
    rows.forEach((r, j) => (byRow[r] = passed[j]));
    passMap.push(byRow);
    if (check.kind === 'label') {
      const truth = rows.map((i) => normalise(t.expected[i]!));
      const predicted = rows.map((i) => (v.reply[i] === null ? INVALID : normalise(v.reply[i]!)));
      const { labels, report } = labelFigures(truth, predicted);
      figures.f1_macro = report.metrics.f1_macro;
      charts.push({
        type: 'heatmap',
        id: `confusion_${v.name}`,
        title: `Confusion matrix (${v.name})`,
        xLabels: labels,
        yLabels: labels,
        values: report.confusion,
        xTitle: 'reply',
        yTitle: 'expected',
      });
    }
    groups[v.name] = figures;
    for (const [m, x] of Object.entries(figures)) metrics[`${m}_${v.name}`] = x;
  }
  const best = t.variants.reduce((b, v, i) => (groups[v.name].accuracy > groups[t.variants[b].name].accuracy ? i : b), 0);
  for (const [m, x] of Object.entries(groups[t.variants[best].name])) metrics[`${m}_best`] = x;
  metrics.best_variant = best;
  metrics.variants = t.variants.length;
  const names = t.variants.map((v) => v.name);
  const shown = Math.min(MATRIX_ROWS, t.expected.length);
  charts.unshift(
    {
      type: 'bars',
      id: 'variants',
      title: 'Variants',
      labels: ['accuracy', 'invalid_share'],
      series: names.map((n) => ({ name: n, values: [groups[n].accuracy, groups[n].invalid_share] })),
    },
    {
      type: 'matrix',
      id: 'matrix',
      title: `Rows x variants: reply and check (first ${shown} of ${t.expected.length} rows)`,
      columns: names,
      rows: t.expected.slice(0, shown).map((e, r) => ({
        label: `${r + 1}: ${e ?? '(no expected value)'}`,
        cells: t.variants.map((v, k) => ({ text: v.reply[r] ?? INVALID, passed: passMap[k][r] })),
      })),
    },
  );
  return { kind: 'metrics', task: 'text', metrics, groups, charts };
}
