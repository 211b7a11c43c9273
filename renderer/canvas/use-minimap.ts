/**
 * Whether the canvas shows its minimap: as the user last chose, else only when the canvas is tall
 * enough. In a canvas squeezed by an enlarged output panel the minimap (150 px high) covered about
 * the whole height, cards and wires included.
 */
import { useEffect, useState, type RefObject } from 'react';
import { MINIMAP_BOX } from './readable-fit.js';

/** Below this height (the minimap's band twice) the canvas hides the minimap unless asked to show it. */
export const SHORT_CANVAS_PX = 2 * (MINIMAP_BOX.height + MINIMAP_BOX.margin);

/**
 * @example
 * minimapShown(undefined, 200) // false: a short canvas
 * minimapShown(true, 200)      // true: the user asked for it
 */
export function minimapShown(choice: boolean | undefined, canvasHeight: number): boolean {
  return choice ?? canvasHeight >= SHORT_CANVAS_PX;
}

/** [shown, toggle] for the canvas element in `pane`; toggling records the user's choice, which then holds at any height. */
export function useMinimap(pane: RefObject<HTMLElement | null>): [boolean, () => void] {
  const [choice, setChoice] = useState<boolean>();
  const [height, setHeight] = useState(Number.POSITIVE_INFINITY);
  useEffect(() => {
    const el = pane.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setHeight(el.getBoundingClientRect().height));
    observer.observe(el);
    return () => observer.disconnect();
  }, [pane]);
  const shown = minimapShown(choice, height);
  return [shown, () => setChoice(!shown)];
}
