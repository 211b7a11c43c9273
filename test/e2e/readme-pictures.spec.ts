/**
 * The README's pictures, taken from the running app so they stay current: the start screen, the
 * adult-train-evaluate sample after a run (light and dark), and its Evaluate node's output view.
 * Written into docs/pictures/ of the repository (not test-results/), so a test run refreshes them.
 *
 * What each picture shows is asserted before it is taken, so a broken app fails here rather than
 * landing on the README: a card per sample, every node card done with its title whole, the whole
 * pipeline on screen clear of the minimap, the header's run buttons on one line, the accuracy the
 * engine wrote in its run record in the history and on the output view, and per-class supports
 * counted from the CSV by readme-pictures-reference.py (pandas): 4,527 "<=50K" and 1,501 ">50K"
 * test rows of the 30,139 complete, deduplicated ones.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { SAMPLES_DIR } from './paths.js';
import { centreInCanvas, expectRunButtonsOnOneLine, inside, isCut, overlaps, picture, PICTURES } from './readme-pictures-helpers.js';

const SAMPLE = 'adult-train-evaluate.pipeline.json';

// Wide enough that the sample's seven cards fit the canvas side by side at the readable zoom.
test.use({ viewport: { width: 1600, height: 900 } });

interface SampleDoc {
  name: string;
  nodes: { id: string; position: { x: number; y: number } }[];
  edges: { id: string; source: { node: string; port: string }; target: { node: string; port: string } }[];
}

/** The window y of a port's centre. */
async function portCentre(page: Page, node: string, side: 'left' | 'right', port: string): Promise<number> {
  const box = (await page.locator(`.react-flow__node[data-id="${node}"] .react-flow__handle-${side}[data-handleid="${port}"]`).boundingBox())!;
  return box.y + box.height / 2;
}

/** The cards and ports that points of wire `edgeId`, every 4 px along it, fall on or near; its own two cards excluded. */
function wireBehindCards(page: Page, edgeId: string, source: string, target: string): Promise<string[]> {
  return page.evaluate(
    ([id, ends]) => {
      const path = document.querySelector<SVGPathElement>(`.react-flow__edge[data-id="${id}"] path.react-flow__edge-path`)!;
      const matrix = path.getScreenCTM()!;
      // A card's ports stand out of it: a wire passing within 8 px of one seems to reach it.
      const others = [...document.querySelectorAll<HTMLElement>('.react-flow__node-pipeline')].filter((n) => !ends.includes(n.dataset.id!));
      const areas = others.flatMap((n) => [
        { id: n.dataset.id!, r: n.getBoundingClientRect(), pad: -2 },
        ...[...n.querySelectorAll('.react-flow__handle')].map((h) => ({
          id: `${n.dataset.id} port ${h.getAttribute('data-handleid')}`,
          r: h.getBoundingClientRect(),
          pad: 8,
        })),
      ]);
      const hit = new Set<string>();
      for (let at = 0; at <= path.getTotalLength(); at += 4) {
        const p = new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(matrix);
        for (const a of areas) if (p.x > a.r.left - a.pad && p.x < a.r.right + a.pad && p.y > a.r.top - a.pad && p.y < a.r.bottom + a.pad) hit.add(a.id);
      }
      return [...hit];
    },
    [edgeId, [source, target]] as const,
  );
}

function runRecord(workspaceDir: string): { nodes: Record<string, { outputs?: { metrics?: { metrics: Record<string, number> } } }> } {
  const dir = join(workspaceDir, 'runs');
  const files = readdirSync(dir).filter((f) => /^run-.*\.json$/.test(f));
  expect(files, `one run record in ${dir}`).toHaveLength(1);
  return JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
}

test('README pictures: start screen, a run of adult-train-evaluate in light and dark, the Evaluate output view', async ({ page, studio }, testInfo) => {
  test.setTimeout(240_000);
  mkdirSync(PICTURES, { recursive: true });
  rmSync(join(studio.dir, 'config', 'recovery'), { recursive: true, force: true });
  await page.emulateMedia({ colorScheme: 'light' });

  // Start screen: one card per shipped sample, each with its picture.
  await page.goto(studio.url);
  const start = page.getByTestId('start-screen');
  await expect(start).toBeVisible();
  const samples = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.pipeline.json'));
  await expect(start.getByTestId('start-sample')).toHaveCount(samples.length);
  await expect(start.getByTestId('sample-picture')).toHaveCount(samples.length);
  await expectRunButtonsOnOneLine(page);
  await picture(page, 'start-screen.png');

  // The sample in a folder of its own, its data beside it as in pipelines-samples.
  const folder = join(studio.dir, 'readme');
  mkdirSync(join(folder, 'data'), { recursive: true });
  copyFileSync(join(SAMPLES_DIR, SAMPLE), join(folder, SAMPLE));
  copyFileSync(join(SAMPLES_DIR, 'data', 'adult-train.csv'), join(folder, 'data', 'adult-train.csv'));
  const doc = JSON.parse(readFileSync(join(SAMPLES_DIR, SAMPLE), 'utf8')) as SampleDoc;
  await page.goto(`${studio.url}&open=${encodeURIComponent(join(folder, SAMPLE))}`);
  const cards = page.locator('.react-flow__node-pipeline');
  await expect(cards).toHaveCount(doc.nodes.length);
  await expect(page.getByTestId('doc-title')).toContainText(doc.name);

  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 200_000 });
  await expect(page.getByTestId('run-progress-text')).toHaveText(`step 7 of 7 · ${doc.nodes.length} of ${doc.nodes.length} nodes`);
  for (const { id } of doc.nodes) await expect(page.locator(`[data-testid="node-${id}"] [data-status]`).first()).toHaveAttribute('data-status', 'done');
  const accuracy = runRecord(studio.workspaceDir).nodes.evaluate.outputs!.metrics!.metrics.accuracy;
  expect(accuracy).toBeGreaterThan(0.8);
  const history = page.locator('.history-panel__table tbody tr');
  await expect(history).toHaveCount(1);
  await expect(history).toContainText(`evaluate.accuracy ${accuracy.toFixed(3)}`);

  // The canvas alone: side panels put away, the pipeline dragged to the middle of the canvas.
  await page.getByRole('button', { name: 'Hide the node palette' }).click();
  await page.getByRole('button', { name: 'Hide the inspector' }).click();
  await expect(page.getByRole('button', { name: 'Show the inspector' })).toBeVisible();
  await centreInCanvas(page, cards);
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const minimap = (await page.locator('.react-flow__minimap').boundingBox())!;
  for (const { id } of doc.nodes) {
    const card = page.getByTestId(`node-${id}`);
    const box = (await card.boundingBox())!;
    expect(inside(box, pane), `${id} on screen`).toBe(true);
    expect(overlaps(box, minimap), `${id} clear of the minimap`).toBe(false);
    expect(await isCut(card.locator('.node-card-title')), `${id}'s title whole`).toBe(false);
  }
  // Wires between cards of one row run straight: their two ends at one height. Every port on its card.
  for (const e of doc.edges) {
    const [from, to] = [doc.nodes.find((n) => n.id === e.source.node)!, doc.nodes.find((n) => n.id === e.target.node)!];
    if (from.position.y !== to.position.y) continue;
    const ends = [await portCentre(page, e.source.node, 'right', e.source.port), await portCentre(page, e.target.node, 'left', e.target.port)];
    expect(Math.abs(ends[0] - ends[1]), `${e.id} straight`).toBeLessThan(0.5);
  }
  // No wire runs behind or by a card other than its own two (where it would seem to enter that card's ports).
  for (const e of doc.edges) expect(await wireBehindCards(page, e.id, e.source.node, e.target.node), `${e.id} behind a card`).toEqual([]);
  for (const handle of await page.locator('.react-flow__node-pipeline .react-flow__handle').all()) {
    const card = handle.locator('xpath=ancestor::div[contains(@class, "node-card")][1]');
    const [h, c] = [(await handle.boundingBox())!, (await card.boundingBox())!];
    expect(h.y + h.height / 2, `${await handle.getAttribute('aria-label')} on its card`).toBeLessThan(c.y + c.height);
  }
  // Every card's summary has a value: a param the sample leaves out shows the default it runs with.
  await expect(page.locator('.node-card-summary', { hasText: '—' })).toHaveCount(0);
  await expect(page.getByTestId('node-score').locator('.node-card-summary')).toHaveText(/^Runtime: Automatic/);
  await expectRunButtonsOnOneLine(page);
  await picture(page, 'canvas.png');

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'dark');
  await picture(page, 'canvas-dark.png');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'light');

  // The Evaluate node's output view, the panel enlarged so its charts show whole, the scored end of the
  // pipeline dragged into the canvas strip left above it.
  await page.getByTestId('node-evaluate').click({ position: { x: 30, y: 12 } });
  await page.getByRole('button', { name: 'Show the node palette' }).click();
  await page.getByRole('button', { name: 'Show the inspector' }).click();
  await page.getByTestId('tab-port:metrics').click();
  await page.getByRole('button', { name: 'Enlarge the output panel' }).click();
  await centreInCanvas(page, page.locator('[data-testid="node-score"], [data-testid="node-evaluate"], [data-testid="node-goals"]'));
  await expect(page.getByTestId('node-evaluate')).toHaveClass(/is-selected/);
  await expect(page.getByTestId('inspector-node')).toContainText('Evaluate');
  // The canvas strip is too short for the minimap: it steps aside (and comes back on request).
  await expect(page.locator('.react-flow__minimap')).toHaveCount(0);
  await expect(page.getByTestId('minimap-toggle')).toHaveAttribute('aria-label', 'Show minimap');
  const tile = page.locator('.metric-tile[data-metric="accuracy"] .metric-tile__value');
  await expect(tile).toHaveAttribute('title', String(accuracy));
  await expect(tile).toHaveText(`${(accuracy * 100).toFixed(2).replace(/\.?0+$/, '')}%`);
  await expect(page.locator('.metric-tile[data-metric="rows"] .metric-tile__value')).toHaveText('6,028');
  const groups = page.locator('.metrics-view .stats-table');
  await expect(groups.locator('tr', { hasText: '<=50K' })).toContainText('4,527');
  await expect(groups.locator('tr', { hasText: '>50K' })).toContainText('1,501');
  const viewport = page.viewportSize()!;
  for (const id of ['chart-heatmap-confusion', 'chart-curve-roc', 'chart-curve-pr']) {
    const chart = page.getByTestId(id);
    await expect(chart.locator('canvas').first()).toBeVisible();
    expect(inside((await chart.boundingBox())!, { x: 0, y: 0, width: viewport.width, height: viewport.height - 26 }), `${id} whole on screen`).toBe(true);
  }
  // The three charts share the row, none of it left empty at the end, all three of one height.
  const row = (await page.locator('.metrics-view__charts').boundingBox())!;
  const boxes = await Promise.all(
    ['chart-heatmap-confusion', 'chart-curve-roc', 'chart-curve-pr'].map(async (id) => (await page.getByTestId(id).boundingBox())!),
  );
  expect(row.x + row.width - (boxes[2].x + boxes[2].width)).toBeLessThan(2);
  expect(new Set(boxes.map((b) => Math.round(b.height))).size, 'chart heights').toBe(1);
  await expectRunButtonsOnOneLine(page);
  await picture(page, 'output-view.png');
  // In a narrower window (1440 wide, where they used to wrap) the run buttons keep to one line; the name gives way.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(1440);
  await expectRunButtonsOnOneLine(page);
  await expect(page.locator('.doc-title-name')).toBeVisible();
  // Not on the README, kept with the test's artifacts: the same view in the dark theme, to look at.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'dark');
  await page.screenshot({ path: testInfo.outputPath('output-view-dark.png'), animations: 'disabled' });
});
