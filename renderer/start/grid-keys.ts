/**
 * Arrow keys in a wrapping grid of cards: Left/Right move by one, Up/Down by a row (the number of
 * cards on the first row, read from the layout), Home/End to the ends.
 */

/** The index a key moves to in a grid of `count` cards, `columns` wide; undefined for other keys. */
export function gridMove(key: string, index: number, count: number, columns: number): number | undefined {
  if (count === 0) return undefined;
  const cols = Math.max(1, columns);
  if (key === 'ArrowRight') return Math.min(count - 1, index + 1);
  if (key === 'ArrowLeft') return Math.max(0, index - 1);
  if (key === 'ArrowDown') return index + cols < count ? index + cols : index;
  if (key === 'ArrowUp') return index - cols >= 0 ? index - cols : index;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

/** How many of `items` sit on the first row (same top as the first). */
export function columnsOf(items: readonly HTMLElement[]): number {
  if (items.length === 0) return 1;
  const top = items[0].offsetTop;
  return Math.max(1, items.filter((el) => el.offsetTop === top).length);
}
