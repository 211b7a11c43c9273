/**
 * Arrow-key movement in a list or table whose items hold a roving tab stop: Up/Down (and Left/Right
 * in a horizontal list) move, Home/End jump; the new index is picked and focused.
 */
import type { KeyboardEvent } from 'react';

/** The index a key moves to, or undefined when the key is not a movement key. */
export function movedIndex(key: string, index: number, count: number): number | undefined {
  if (count === 0) return undefined;
  if (key === 'ArrowDown') return Math.min(count - 1, index + 1);
  if (key === 'ArrowUp') return Math.max(0, index - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

/**
 * Handles a key on item `index` of a container whose items carry `[data-roving]`.
 *
 * @example
 * <li data-roving tabIndex={picked ? 0 : -1} onKeyDown={(e) => rovingKey(e, i, items.length, (j) => pick(items[j]))} />
 */
export function rovingKey(e: KeyboardEvent<HTMLElement>, index: number, count: number, pick: (index: number) => void): void {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    pick(index);
    return;
  }
  const next = movedIndex(e.key, index, count);
  if (next === undefined) return;
  e.preventDefault();
  pick(next);
  const items = e.currentTarget.parentElement?.querySelectorAll<HTMLElement>(':scope > [data-roving]');
  items?.[next]?.focus();
}
