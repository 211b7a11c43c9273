/**
 * The order the start screen's gallery and the samples list show the shipped samples in: the path a
 * first-time user follows (issue 17's list, quick start first), then the smaller samples. Kept in the
 * same order as the table of pipelines-samples/README.md (test/samples/coverage.test.ts checks both).
 */
export const SAMPLE_ORDER: readonly string[] = [
  'penguins-quick-start',
  'adult-lifecycle',
  'diamonds-linear-vs-mlp',
  'premade-validate',
  'premade-custom-head',
  'prompt-variants',
  'adult-monitor',
  'adult-retrain',
  'adult-explain',
  'adult-cluster',
  'iris-prepare',
  'penguins-prepare',
  'adult-prepare',
  'adult-train-evaluate',
  'embeddings-custom-layer',
  'fine-tune-variant',
];

const rank = (path: string) => {
  const file = path.replace(/^.*[\\/]/, '').replace(/\.pipeline\.json$/, '');
  const i = SAMPLE_ORDER.indexOf(file);
  return i === -1 ? SAMPLE_ORDER.length : i;
};

/** Sorts samples by SAMPLE_ORDER (by file name); one not listed (a user's own in the folder) follows, by name. */
export function bySampleOrder(a: { name: string; path: string }, b: { name: string; path: string }): number {
  return rank(a.path) - rank(b.path) || a.name.localeCompare(b.name);
}
