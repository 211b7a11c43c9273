/**
 * A large pipeline (the canvas bench's generated one, 500 cards, past VISIBLE_ONLY_FROM) mounts only
 * the cards in view, on sizes and ports it declares for every card (renderer/canvas/card-size.ts).
 * What is checked against Chromium's own layout: the declared ports are where the mounted cards'
 * handles are, no mounted card is taller than declared (so none in view is left out), every card in
 * view is mounted, and every wire ends on its ports, the ports of cards not mounted included. Panning
 * mounts the cards it brings into view, and the fit button fits.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { serializePipeline } from '../../engine/document/serialize.js';
import type { NodeDef } from '../../engine/node-def.js';
import { nodeDefs } from '../../nodes/defs.js';
import { generatePipeline, importPaths } from '../../bench/canvas-graph.js';
import { CARD_WIDTH, cardHandles, cardHeight } from '../../renderer/canvas/card-size.js';
import { paramSummary } from '../../renderer/canvas/param-summary.js';
import { expect, test } from './fixtures.js';

const NODES = 500;
const doc = generatePipeline(NODES);
const defOf = (type: string) => nodeDefs.find((d) => d.type === type) as NodeDef;

/** Per node: position, declared size and declared handle boxes, as the page needs them. */
const declared = Object.fromEntries(
  doc.nodes.map((n) => {
    const def = defOf(n.type);
    return [n.id, { ...n.position, width: CARD_WIDTH, height: cardHeight(def, n, paramSummary(def, n.params) !== ''), handles: cardHandles(def) }];
  }),
);
type Declared = (typeof declared)[string];

/** What the page shows: ids of mounted cards, cards in view by their declared boxes and not mounted, and each mounted card's layout. */
function canvasState(page: Page) {
  return page.evaluate((all: Record<string, Declared>) => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const t = new DOMMatrixReadOnly(getComputedStyle(viewport).transform);
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    const flowBox = document.querySelector('.react-flow')!.getBoundingClientRect();
    const cards = [...document.querySelectorAll<HTMLElement>('.react-flow__node-pipeline')];
    const mounted = new Set(cards.map((c) => c.dataset.id!));
    const missing = Object.entries(all)
      .filter(([, d]) => {
        const [x, y] = [flowBox.left + t.e + d.x * t.a, flowBox.top + t.f + d.y * t.a];
        return x < pane.right && x + d.width * t.a > pane.left && y < pane.bottom && y + d.height * t.a > pane.top;
      })
      .map(([id]) => id)
      .filter((id) => !mounted.has(id));
    const layout = cards.map((c) => {
      const r = c.getBoundingClientRect();
      const handles = [...c.querySelectorAll<HTMLElement>('.react-flow__handle')].map((h) => {
        const b = h.getBoundingClientRect();
        // To 1/100 px: the zoom's division leaves float dust.
        const round = (v: number) => Math.round(v * 100) / 100;
        return { id: h.dataset.handleid!, x: round((b.left - r.left) / t.a), y: round((b.top - r.top) / t.a), width: h.offsetWidth, height: h.offsetHeight };
      });
      return { id: c.dataset.id!, width: c.offsetWidth, height: c.offsetHeight, handles };
    });
    return { mounted: [...mounted], missing, layout };
  }, declared);
}

/** Writes the generated pipeline into `name` under the studio's folder and opens it in the page. */
async function openLarge(page: Page, studio: { dir: string; url: string }, name: string) {
  const folder = join(studio.dir, name);
  mkdirSync(join(folder, 'data'), { recursive: true });
  // The files its import nodes read exist, so no pre-run panel opens over the canvas.
  for (const path of importPaths(doc)) writeFileSync(join(folder, path), 'a,b\n1,2\n');
  writeFileSync(join(folder, 'large.pipeline.json'), serializePipeline(doc));
  await page.goto(`${studio.url}&open=${encodeURIComponent(join(folder, 'large.pipeline.json'))}`);
}

/** Each drawn wire's two ends and its cards, in flow units (the edges' SVG lies inside the viewport's transform). */
function wireEnds(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGGElement>('.react-flow__edge')].map((g) => {
      const path = g.querySelector<SVGPathElement>('path.react-flow__edge-path')!;
      const [a, b] = [path.getPointAtLength(0), path.getPointAtLength(path.getTotalLength())];
      return { id: g.dataset.id!, from: { x: a.x, y: a.y }, to: { x: b.x, y: b.y } };
    }),
  );
}

test('a 500-card pipeline mounts the cards in view, its ports and wires where the cards put them', async ({ page, studio }) => {
  await openLarge(page, studio, 'large');
  await expect(page.getByTestId('node-n0-0')).toBeVisible();

  // Every card in view is mounted (after the readable fit), and far fewer than all of them.
  await expect.poll(async () => (await canvasState(page)).missing).toEqual([]);
  const state = await canvasState(page);
  expect(state.mounted.length).toBeGreaterThan(10);
  expect(state.mounted.length).toBeLessThan(NODES / 4);

  // The declared ports are where Chromium put the handles; no card is taller than declared, nor much shorter.
  for (const card of state.layout) {
    const d = declared[card.id];
    expect(card.width, `${card.id} width`).toBe(d.width);
    expect(card.height, `${card.id} height`).toBeLessThanOrEqual(d.height);
    expect(d.height - card.height, `${card.id} height declared within a text line`).toBeLessThan(18);
    expect(card.handles, `${card.id} handles`).toEqual(d.handles.map((h) => ({ id: h.id, x: h.x, y: h.y, width: h.width, height: h.height })));
  }

  // Every wire with a mounted end is drawn, and ends on its ports: a source's right edge, a target's left edge, at the port's middle.
  const ends = await wireEnds(page);
  const drawn = new Set(ends.map((e) => e.id));
  const mounted = new Set(state.mounted);
  for (const e of doc.edges) if (mounted.has(e.source.node) || mounted.has(e.target.node)) expect(drawn.has(e.id), `${e.id} drawn`).toBe(true);
  const port = (node: string, name: string, side: 'source' | 'target') => {
    const d = declared[node];
    const h = d.handles.find((x) => x.id === name && x.type === side)!;
    return { x: d.x + h.x + (side === 'source' ? h.width! : 0), y: d.y + h.y + h.height! / 2 };
  };
  let toUnmounted = 0;
  for (const w of ends) {
    const e = doc.edges.find((x) => x.id === w.id)!;
    if (!mounted.has(e.target.node) || !mounted.has(e.source.node)) toUnmounted++;
    for (const [at, want] of [
      [w.from, port(e.source.node, e.source.port, 'source')],
      [w.to, port(e.target.node, e.target.port, 'target')],
    ] as const) {
      expect(Math.abs(at.x - want.x), `${w.id} x`).toBeLessThan(0.5);
      expect(Math.abs(at.y - want.y), `${w.id} y`).toBeLessThan(0.5);
    }
  }
  expect(toUnmounted, 'wires to cards out of view').toBeGreaterThan(0);

  // A pan brings other cards into view, and they are mounted.
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const before = new Set(state.mounted);
  await page.mouse.move(pane.x + pane.width * 0.6, pane.y + 12);
  await page.mouse.down();
  await page.mouse.move(pane.x + pane.width * 0.1, pane.y + 12, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await canvasState(page)).mounted.filter((id) => !before.has(id)).length).toBeGreaterThan(0);
  await expect.poll(async () => (await canvasState(page)).missing).toEqual([]);

  // The fit button works although most cards were never measured (React Flow's fitView waits for every node to be).
  await page.locator('.react-flow__controls-fitview').click();
  await expect.poll(() => page.locator('.react-flow__viewport').evaluate((v) => new DOMMatrixReadOnly(getComputedStyle(v).transform).a)).toBeLessThan(0.5);
  await expect.poll(async () => (await canvasState(page)).missing).toEqual([]);
});

test('Tab and Shift+Tab walk a 500-card pipeline card by card, to cards out of view too', async ({ page, studio }) => {
  await openLarge(page, studio, 'large-keys');
  const first = doc.nodes[0].id;
  await expect(page.getByTestId(`node-${first}`)).toBeVisible();
  const mountedAtOpen = (await canvasState(page)).mounted.length;
  const focused = page.locator('.react-flow__node:focus');
  await page.locator(`.react-flow__node[data-id="${first}"]`).focus();
  // Well past the cards mounted at open: each step waits for the card to be focused before the next key.
  const steps = mountedAtOpen + 20;
  for (let i = 1; i <= steps; i++) {
    await page.keyboard.press('Tab');
    await expect(focused).toHaveAttribute('data-id', doc.nodes[i].id);
  }
  // The card reached is in view, and every card in view is mounted.
  await expect(focused).toBeInViewport();
  await expect.poll(async () => (await canvasState(page)).missing).toEqual([]);
  for (let i = steps - 1; i >= 0; i--) {
    await page.keyboard.press('Shift+Tab');
    await expect(focused).toHaveAttribute('data-id', doc.nodes[i].id);
  }
  await expect(focused).toBeInViewport();
});
