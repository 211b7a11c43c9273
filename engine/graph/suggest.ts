/** "Did you mean" suggestions for a mistyped node type, by edit distance. No imports. */

/** Levenshtein distance with a single rolling row. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * Up to `max` known names close to `name`: within a quarter of its length in edits (at least 2), or containing it.
 *
 * @example
 * suggestNames('spilt', ['split', 'clean']) // ['split']
 */
export function suggestNames(name: string, known: readonly string[], max = 2): string[] {
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 4));
  return known
    .map((k) => ({ k, d: editDistance(lower, k.toLowerCase()), contains: k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()) }))
    .filter((x) => x.d <= limit || x.contains)
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .slice(0, max)
    .map((x) => x.k);
}
