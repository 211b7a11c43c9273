/**
 * Long paths shortened in the middle: the start says which disk or home, the end which folder or
 * file, and both matter more than the folders between (`/home/ana/…/survey/data/answers.csv`).
 * The full path goes in a tooltip beside it.
 */

/** Characters a path may take in the file browser's path bar before it is shortened. */
export const PATH_BAR_CHARS = 56;

/**
 * `path` at most `max` characters long, with whole middle folders replaced by `…`; the last part
 * is cut in its own middle only when it alone is too long.
 *
 * @example
 * middleEllipsis('/home/ana/projects/2026/clients/survey/data/answers.csv', 32) // '/home/…/survey/data/answers.csv'
 */
export function middleEllipsis(path: string, max = PATH_BAR_CHARS): string {
  if (path.length <= max) return path;
  const sep = path.includes('/') || !path.includes('\\') ? '/' : '\\';
  const parts = path.split(sep);
  const last = parts.pop() ?? '';
  // The root and first folder ('' and 'home' for '/home/...', 'C:' and 'Users' for 'C:\Users\...').
  const head = parts.slice(0, parts[0] === '' ? 2 : 1);
  const middle = parts.slice(head.length);
  let tail = [last];
  const build = (t: string[]) => [...head, '…', ...t].join(sep);
  for (let i = middle.length - 1; i >= 0 && build([middle[i], ...tail]).length <= max; i--) tail = [middle[i], ...tail];
  const shortened = build(tail);
  if (shortened.length <= max) return shortened;
  const room = Math.max(2, max - 1);
  return `${path.slice(0, Math.ceil(room / 2))}…${path.slice(path.length - Math.floor(room / 2))}`;
}
