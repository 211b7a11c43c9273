/** File-name globs of a watch-folder trigger: `*` any run of characters, `?` one; case-sensitive, no folders. */

const special = /[.+^${}()|[\]\\]/g;

/**
 * @example
 * matchesGlob('adult-2026-12.csv', '*.csv') // true
 */
export function matchesGlob(name: string, pattern: string | undefined): boolean {
  if (!pattern) return true;
  const source = pattern.replace(special, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`).test(name);
}
