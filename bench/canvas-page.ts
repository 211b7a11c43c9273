/**
 * What the canvas bench measures in a page, the same way for the app's window and for bare React
 * Flow: the open (navigation start -> every node and edge in the DOM), rAF frame times while real
 * mouse input pans and zooms, and Chromium's own main-thread counters over each gesture.
 */
import type { Page } from '@playwright/test';

export type Open = { ms: number; nodes: number; edges: number; bootMs: number };
/** rAF deltas, where the main thread's time went, and the gesture's wall time (the mouse input waits for the page to take each event). */
export type Gesture = { deltas: number[]; mainThread: string; ms: number };

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/**
 * Navigates from an empty tab (as a new window opens a file: navigating from the previous big page
 * would put its teardown inside the timed open) and returns the time, from navigation start, of the
 * frame where the node and edge counts reached the graph's (or settled, if a canvas renders only
 * what is visible). Edges are counted because React Flow draws them only after measuring the nodes.
 */
export async function openAndRender(page: Page, url: string, expect: { nodes: number; edges: number }): Promise<Open> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit' });
  return page.evaluate(
    (expected) =>
      new Promise<Open>((resolve) => {
        let last = '';
        let stable = 0;
        let changedAt = 0;
        const tick = () => {
          const nodes = document.querySelectorAll('.react-flow__node').length;
          const edges = document.querySelectorAll('.react-flow__edge').length;
          const key = `${nodes}/${edges}`;
          if (key !== last) changedAt = performance.now();
          stable = nodes > 0 && edges > 0 && key === last ? stable + 1 : 0;
          last = key;
          if ((nodes >= expected.nodes && edges >= expected.edges) || stable >= 10) {
            const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
            resolve({ ms: changedAt, nodes, edges, bootMs: nav?.domContentLoadedEventEnd ?? 0 });
          } else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    expect,
  );
}

type Cdp = Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>;

/** Chromium's own counters of main-thread time, in ms (script, style, layout, all tasks). */
async function mainThread(cdp: Cdp): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const pick = ['ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration', 'TaskDuration'];
  return Object.fromEntries(metrics.filter((m) => pick.includes(m.name)).map((m) => [m.name.replace('Duration', '').toLowerCase(), m.value * 1000]));
}

/** Records rAF deltas while `act` drives the mouse, and where the main thread's time went meanwhile. */
async function measure(page: Page, cdp: Cdp, act: () => Promise<void>): Promise<Gesture> {
  const before = await mainThread(cdp);
  await page.evaluate(() => {
    const w = window as unknown as { __deltas: number[]; __stop: boolean };
    w.__deltas = [];
    w.__stop = false;
    let prev = performance.now();
    const loop = (t: number) => {
      w.__deltas.push(t - prev);
      prev = t;
      if (!w.__stop) requestAnimationFrame(loop);
    };
    requestAnimationFrame((t) => {
      prev = t;
      requestAnimationFrame(loop);
    });
  });
  const start = performance.now();
  await act();
  const ms = performance.now() - start;
  const deltas = await page.evaluate(() => {
    const w = window as unknown as { __deltas: number[]; __stop: boolean };
    w.__stop = true;
    return w.__deltas;
  });
  const after = await mainThread(cdp);
  const spent = Object.keys(after)
    .map((k) => `${k} ${(after[k] - before[k]).toFixed(0)} ms`)
    .join(', ');
  return { deltas, mainThread: spent, ms };
}

/**
 * A point near (x, y) where the mouse lands on the empty pane: a drag from there pans, where a drag
 * from a card moves the card (until 2026-12-02 08:15 the app's "pan" started on a card at its readable
 * zoom, and moved it, or on the pre-run panel over the canvas).
 */
async function panePoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ x, y }) => {
      for (let r = 0; r < 400; r += 8)
        for (const [dx, dy] of [
          [0, r],
          [0, -r],
          [r, 0],
          [-r, 0],
          [r, r],
          [-r, -r],
          [r, -r],
          [-r, r],
        ]) {
          if (document.elementFromPoint(x + dx, y + dy)?.classList.contains('react-flow__pane')) return { x: x + dx, y: y + dy };
        }
      throw new Error(`no empty canvas within 400 px of ${x}, ${y} to start a pan from`);
    },
    { x, y },
  );
}

/** Pans (4 drags of 480 px, back and forth so the graph stays in view), then zooms (3 x 10 wheel steps in and out). */
export async function panAndZoom(page: Page): Promise<{ pan: Gesture; zoom: Gesture }> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const pan = await measure(page, cdp, async () => {
    for (let sweep = 0; sweep < 4; sweep++) {
      const dir = sweep % 2 === 0 ? -1 : 1;
      const start = await panePoint(page, cx - dir * 240, cy);
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      for (let s = 1; s <= 60; s++) await page.mouse.move(start.x + dir * s * 8, start.y + dir * s * 2);
      await page.mouse.up();
    }
  });
  const zoom = await measure(page, cdp, async () => {
    for (let round = 0; round < 3; round++) for (let s = 0; s < 20; s++) await page.mouse.wheel(0, s < 10 ? -120 : 120);
    // One frame's worth for the last wheel step to be drawn.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  });
  await cdp.detach();
  return { pan, zoom };
}

/**
 * Drags one card (the node nearest the pane's middle, held by its top edge, which is neither a port
 * nor a button on the app's cards or bare React Flow's) 4 x 240 px and back, 30 mouse moves each way:
 * every frame of a drag moves a node, which the app records in its document.
 */
/** Mouse moves in {@link dragCard}. */
export const DRAG_MOVES = 120;

export async function dragCard(page: Page): Promise<Gesture> {
  const grip = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    const [cx, cy] = [pane.left + pane.width / 2, pane.top + pane.height / 2];
    let best: { x: number; y: number; d: number } | undefined;
    for (const n of document.querySelectorAll('.react-flow__node')) {
      const r = n.getBoundingClientRect();
      const p = { x: r.left + r.width / 2, y: r.top + 4 };
      const d = Math.hypot(p.x - cx, p.y - cy);
      if (!best || d < best.d) best = { ...p, d };
    }
    return best!;
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const gesture = await measure(page, cdp, async () => {
    for (let sweep = 0; sweep < 4; sweep++) {
      const dir = sweep % 2 === 0 ? 1 : -1;
      const from = { x: grip.x + (dir === 1 ? 0 : 240), y: grip.y };
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      for (let s = 1; s <= DRAG_MOVES / 4; s++) await page.mouse.move(from.x + dir * s * 8, from.y);
      await page.mouse.up();
    }
  });
  await cdp.detach();
  return gesture;
}

/**
 * Takes the app's document back to the file as opened after {@link dragCard} (its undo button,
 * until the header no longer marks it unsaved): a dirty document asks before the page unloads, and
 * its autosave would offer "Restore unsaved work?" over the next open.
 */
export async function undoDrag(page: Page): Promise<void> {
  const title = page.getByTestId('doc-title');
  for (let i = 0; i < 8 && (await title.getAttribute('data-dirty')) === 'true'; i++) await page.getByTestId('undo').click();
  if ((await title.getAttribute('data-dirty')) === 'true') throw new Error('the dragged pipeline is still unsaved after 8 undo steps');
}

export function describeFrames(deltas: number[]): string {
  const fps = 1000 / median(deltas);
  const slow = deltas.filter((d) => d > 1000 / 30).length;
  return `median ${median(deltas).toFixed(1)} ms (${fps.toFixed(0)} fps), p95 ${pct(deltas, 0.95).toFixed(1)} ms, ${slow} of ${deltas.length} frames > 33 ms [60 fps: ${fps >= 57 ? 'met' : 'NOT met'}]`;
}
