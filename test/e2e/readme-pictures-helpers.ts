/** Helpers of readme-pictures.spec.ts: measuring text and boxes on screen, and panning the canvas as a user drags it. */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.js';
import { APP_ROOT } from './paths.js';

export const PICTURES = join(APP_ROOT, 'docs', 'pictures');

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export const inside = (a: Box, b: Box) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
export const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Saves the window as docs/pictures/`name`, once the fonts have loaded (else the fallback face shows). */
export async function picture(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: join(PICTURES, name), animations: 'disabled' });
}

/** Lines the text of `el` takes: one client rect per line of each text node. */
export function textLines(el: Locator): Promise<number> {
  return el.evaluate((e) => {
    const tops = new Set<number>();
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) tops.add(Math.round(r.top));
    }
    return tops.size;
  });
}

export async function expectRunButtonsOnOneLine(page: Page): Promise<void> {
  for (const id of ['run-all', 'run-node', 'run-from', 'run-cancel']) expect(await textLines(page.getByTestId(id)), `${id} on one line`).toBe(1);
}

/** True when the element's text is cut (an ellipsis or a line clamp). */
export const isCut = (el: Locator) => el.evaluate((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);

/** The centre of the box around `els`, in window pixels. */
function centreOf(els: Locator): Promise<{ x: number; y: number }> {
  return els.evaluateAll((list) => {
    const rects = list.map((e) => e.getBoundingClientRect());
    const [l, t] = [Math.min(...rects.map((r) => r.left)), Math.min(...rects.map((r) => r.top))];
    const [r, b] = [Math.max(...rects.map((x) => x.right)), Math.max(...rects.map((x) => x.bottom))];
    return { x: (l + r) / 2, y: (t + b) / 2 };
  });
}

/**
 * Drags empty canvas until `els` sit in the middle of the canvas, as a user would. Each drag starts
 * on a point of bare pane (no card, wire or control under it) and stays inside the pane, so a long
 * way is several drags.
 */
export async function centreInCanvas(page: Page, els: Locator): Promise<void> {
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const target = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  for (let i = 0; i < 8; i++) {
    const now = await centreOf(els);
    const left = { x: target.x - now.x, y: target.y - now.y };
    if (Math.abs(left.x) < 2 && Math.abs(left.y) < 2) return;
    const step = { x: clamp(left.x, pane.width / 2 - 20), y: clamp(left.y, pane.height / 2 - 20) };
    const from = await barePoint(page, pane, step);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + step.x, from.y + step.y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => distance(await centreOf(els), { x: now.x + step.x, y: now.y + step.y })).toBeLessThan(2);
  }
  throw new Error('the canvas did not come to the middle of the pane in eight drags');
}

const clamp = (v: number, max: number) => Math.max(-max, Math.min(max, v));
const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

/** A point of bare pane from which a drag by `step` ends inside the pane. */
async function barePoint(page: Page, pane: Box, step: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const found = await page.evaluate(
    ([p, s]) => {
      for (let fy = 0.1; fy < 0.95; fy += 0.05) {
        for (let fx = 0.1; fx < 0.95; fx += 0.05) {
          const x = p.x + fx * p.width;
          const y = p.y + fy * p.height;
          const endsInside = x + s.x > p.x + 5 && x + s.x < p.x + p.width - 5 && y + s.y > p.y + 5 && y + s.y < p.y + p.height - 5;
          if (endsInside && document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
        }
      }
      return undefined;
    },
    [pane, step] as const,
  );
  if (!found) throw new Error('no bare point on the canvas to drag it by');
  return found;
}
