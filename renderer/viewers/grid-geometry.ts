/**
 * Scroll geometry of the virtual grid. Browsers cap an element's height (about 33 million pixels in
 * Chromium, less elsewhere), so past a bound the scrollbar maps to rows proportionally instead of
 * one pixel per pixel. Windowing libraries (react-window, TanStack Virtual) map one pixel to one
 * pixel and would need this same scaling on top, so these few functions are kept here instead.
 */

export const ROW_HEIGHT = 24;
/** Largest spacer height used; beyond it the scroll position is scaled. */
export const MAX_SCROLL_HEIGHT = 10_000_000;

export interface GridWindow {
  /** First row on screen (0-based). */
  first: number;
  /** Last row on screen, inclusive. */
  last: number;
  /** Top of the rendered block inside the spacer, in physical pixels. */
  blockTop: number;
}

export function spacerHeight(rowCount: number, rowHeight = ROW_HEIGHT): number {
  return Math.min(rowCount * rowHeight, MAX_SCROLL_HEIGHT);
}

/** Virtual pixels per physical pixel of scroll, chosen so the last row lines up with the end. */
function scale(rowCount: number, viewport: number, rowHeight: number): number {
  const virtual = rowCount * rowHeight;
  const physical = spacerHeight(rowCount, rowHeight);
  if (physical >= virtual || physical <= viewport) return 1;
  return (virtual - viewport) / (physical - viewport);
}

/**
 * Rows on screen for a scroll position.
 *
 * @example
 * gridWindow(0, 240, 1000).last; // 9: ten rows of 24 px fill 240 px
 */
export function gridWindow(scrollTop: number, viewport: number, rowCount: number, rowHeight = ROW_HEIGHT): GridWindow {
  if (rowCount === 0) return { first: 0, last: -1, blockTop: 0 };
  const virtualTop = scrollTop * scale(rowCount, viewport, rowHeight);
  const first = Math.min(rowCount - 1, Math.max(0, Math.floor(virtualTop / rowHeight + 1e-6)));
  const visible = Math.ceil(viewport / rowHeight) + 1;
  const last = Math.min(rowCount - 1, first + visible - 1);
  return { first, last, blockTop: scrollTop - (virtualTop - first * rowHeight) };
}

/** Scroll position that puts `row` at the top of the viewport. */
export function scrollTopForRow(row: number, viewport: number, rowCount: number, rowHeight = ROW_HEIGHT): number {
  return (Math.max(0, Math.min(row, rowCount - 1)) * rowHeight) / scale(rowCount, viewport, rowHeight);
}
