import { formatCount } from '../../engine/format-count.js';
/**
 * How figures are shown to people, the same in the window and in the model card: four significant
 * digits, and shares (accuracy, precision, recall, F1) as percentages, their differences as
 * percentage points. No imports: the renderer uses it too.
 */

// A share of rows: accuracy, balanced accuracy, the majority-class baseline, per-class precision/recall/F1, with their averages.
const SHARE = /^(compare_|unshuffled_)?(accuracy|balanced_accuracy|baseline_accuracy|precision|recall|f1)(_macro|_weighted|_micro)?(_seen_classes)?$/;
// A difference of two shares.
const SHARE_DIFFERENCE =
  /^(lift_over_baseline|delta_(accuracy|balanced_accuracy|precision|recall|f1)(_macro|_weighted|_micro)?(_seen_classes)?|delta_lift_over_baseline)$/;

export const isShareMetric = (name: string) => SHARE.test(name);

/** Four significant digits; integers whole, with thousands separators; tiny and huge values in exponent form. */
export function fourDigits(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return formatCount(v);
  const abs = Math.abs(v);
  if (abs < 1e-4 || abs >= 1e15) return v.toExponential(3);
  return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 20 });
}

/**
 * @example
 * formatMetric('accuracy', 0.8678641294682554) // '86.79%'
 * formatMetric('lift_over_baseline', 0.1040904) // '+10.41 pts'
 * formatMetric('rmse', 592.3371) // '592.3'
 */
export function formatMetric(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return fourDigits(v);
  if (SHARE.test(name)) return `${fourDigits(v * 100)}%`;
  if (SHARE_DIFFERENCE.test(name)) return `${v > 0 ? '+' : ''}${fourDigits(v * 100)} pts`;
  return fourDigits(v);
}

/**
 * `fourDigits(v)`, with more digits when four would show a measured figure equal to the threshold it
 * is checked against ("0.84 (needs at least 0.84)" for 0.83996 would read as a wrong verdict).
 */
export function digitsApartFrom(v: number, threshold: number): string {
  if (!Number.isFinite(v) || v === threshold) return fourDigits(v);
  for (let p = 4; p <= 12; p++)
    if (Number(v.toPrecision(p)) !== Number(threshold.toPrecision(p))) return p === 4 ? fourDigits(v) : String(Number(v.toPrecision(p)));
  return String(v);
}
