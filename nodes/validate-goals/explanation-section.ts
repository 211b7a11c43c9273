/**
 * The model card's explanation section, written when the metrics the gate checks come from the
 * Explain node (they carry `max_importance_share` and one group per raw column).
 */
import type { MetricsValue } from '../../engine/values.js';
import type { Block } from './model-card.js';

const num = (v: number | undefined) => (v === undefined ? '-' : Number(v.toPrecision(4)).toString());

export const isExplanation = (m: MetricsValue) => m.metrics.max_importance_share !== undefined;

export function explanationBlocks(m: MetricsValue): Block[] {
  const baseline = Object.entries(m.metrics).find(([k]) => k.startsWith('unshuffled_'));
  const metric = baseline?.[0].slice('unshuffled_'.length) ?? 'metric';
  const groups = Object.entries(m.groups ?? {});
  const top = groups.reduce<[string, number]>((best, [name, g]) => ((g.share ?? 0) > best[1] ? [name, g.share ?? 0] : best), ['-', -1]);
  return [
    { h: 'Explanation' },
    {
      p:
        `Permutation importance on ${num(m.metrics.rows)} rows, ${num(m.metrics.repeats)} shuffles per raw column (a one-hot group counts as its column): ` +
        `how much ${metric} worsens when the column is shuffled (${metric} ${num(baseline?.[1])} unshuffled). ` +
        `The largest share of the importance is **${num(m.metrics.max_importance_share)}** (${top[0]}).`,
    },
    { table: { head: ['Column', 'Importance', 'Std', 'Share'], rows: groups.map(([name, g]) => [name, num(g.importance), num(g.std), num(g.share)]) } },
  ];
}
