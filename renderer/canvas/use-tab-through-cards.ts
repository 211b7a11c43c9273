/**
 * Tab and Shift+Tab from a card go to the next or previous card of the pipeline, as they do on a small
 * pipeline, when only the cards in view are mounted (use-declared-sizes.ts): the browser can only tab
 * to mounted cards, so a keyboard user would otherwise never reach a card out of view. The canvas
 * centres the next card first when it is not in view, then focuses it once React Flow has mounted it.
 */
import { useCallback, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { FlowNode } from '../store/flow-mapping.js';

/** Frames to wait for React Flow to mount a card it was panned to (it does so within a frame or two). */
const MOUNT_FRAMES = 30;

function cardElement(root: HTMLElement, id: string): HTMLElement | null {
  return root.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
}

function inView(root: HTMLElement, card: HTMLElement): boolean {
  const pane = root.querySelector('.react-flow__pane')?.getBoundingClientRect();
  const box = card.getBoundingClientRect();
  return !!pane && box.left >= pane.left && box.right <= pane.right && box.top >= pane.top && box.bottom <= pane.bottom;
}

function focusWhenMounted(root: HTMLElement, id: string, frames = MOUNT_FRAMES): void {
  const card = cardElement(root, id);
  if (card) card.focus();
  else if (frames > 0) requestAnimationFrame(() => focusWhenMounted(root, id, frames - 1));
}

export function useTabThroughCards(enabled: boolean, nodes: FlowNode[], root: RefObject<HTMLDivElement | null>) {
  const flow = useReactFlow<FlowNode>();
  const order = useRef(nodes);
  order.current = nodes;
  return useCallback(
    (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      // Only from a card itself: Tab inside a card's own controls keeps its usual order.
      if (!enabled || e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey || !root.current || !target.classList.contains('react-flow__node')) return;
      const list = order.current;
      const next = list[list.findIndex((n) => n.id === target.dataset.id) + (e.shiftKey ? -1 : 1)];
      // Past the first or last card, focus leaves the canvas as usual.
      if (!next) return;
      e.preventDefault();
      const mounted = cardElement(root.current, next.id);
      if (mounted && inView(root.current, mounted)) return mounted.focus();
      const internal = flow.getInternalNode(next.id);
      const at = internal?.internals.positionAbsolute ?? next.position;
      const width = next.measured?.width ?? next.width ?? 0;
      const height = next.measured?.height ?? next.height ?? 0;
      void flow.setCenter(at.x + width / 2, at.y + height / 2, { zoom: flow.getZoom() });
      focusWhenMounted(root.current, next.id);
    },
    [enabled, flow, root],
  );
}
