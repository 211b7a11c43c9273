/** Reading Dockerfiles and .dockerignore files in tests (Docker itself cannot run on the test machines). */

/** Dockerfile instructions as [keyword, rest] pairs; comments and blank lines left out (no line continuations in ours). */
export function instructions(text: string): [string, string][] {
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.trimStart().startsWith('#'))
    .map((l) => {
      const at = l.indexOf(' ');
      return [l.slice(0, at).toUpperCase(), l.slice(at + 1).trim()];
    });
}

/** The rests of every `keyword` instruction, in order. */
export const all = (steps: [string, string][], keyword: string) => steps.filter(([k]) => k === keyword).map(([, rest]) => rest);

/**
 * A predicate telling whether a context-relative path is excluded by a .dockerignore, for the
 * patterns ours uses: `*`, a leading `**\/`, comments. A matched folder excludes what it holds.
 * Exceptions (`!`) are refused rather than half-supported.
 */
export function dockerIgnore(text: string): (path: string) => boolean {
  const patterns = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (patterns.some((p) => p.startsWith('!'))) throw new Error('dockerIgnore does not read exception patterns (!); extend it first.');
  const regexes = patterns.map((p) => {
    const body = p
      .replace(/^\*\*\//, '\u0000')
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace('\u0000', '(?:.*/)?');
    return new RegExp(`^${body}(?:/.*)?$`);
  });
  return (path) => regexes.some((r) => r.test(path));
}
