/**
 * The figures over the rows whose true class the model knows, shown beside the headline ones (which
 * count every row) under names ending in `_seen_classes`: they say how the model does on what it was
 * taught, never how it does on the data it was given.
 */
import { classificationReport, type ClassificationInput } from './classification-metrics.js';

/** Suffix of the metrics computed without the rows of unseen classes. */
export const SEEN_CLASSES_SUFFIX = '_seen_classes';

/** The rows of `input` whose truth is one of the model's classes. */
export function seenRowsOnly(input: ClassificationInput): ClassificationInput {
  const k = input.labels.length;
  const keep: number[] = [];
  for (let r = 0; r < input.truth.length; r++) if (input.truth[r] < k) keep.push(r);
  const probs = new Float64Array(keep.length * k);
  keep.forEach((r, i) => probs.set(input.probs.subarray(r * k, r * k + k), i * k));
  return { labels: input.labels, truth: Int32Array.from(keep, (r) => input.truth[r]), probs };
}

/**
 * `accuracy_seen_classes`, `auc_seen_classes`, ... (every headline metric, renamed), or nothing when
 * every row's class is known to the model.
 */
export function seenClassMetrics(input: ClassificationInput): Record<string, number> {
  if (!input.unseenLabels?.length) return {};
  // Only the figures are kept: no curve needs more than its two ends.
  const { metrics } = classificationReport(seenRowsOnly(input), { maxCurvePoints: 2 });
  return Object.fromEntries(Object.entries(metrics).map(([name, value]) => [`${name}${SEEN_CLASSES_SUFFIX}`, value]));
}
