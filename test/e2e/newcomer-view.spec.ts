/**
 * What a newcomer sees first (issue 17): a sample opens at a readable zoom with no card under the
 * minimap (bottom panel open), and the minimap can be put away; in the dark theme the profile's
 * chart title reads against the panel (contrast measured from the canvas pixels, WCAG formula)
 * and the profile table fits its area. Screenshots of both themes are kept as artifacts.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { SAMPLES_DIR } from './paths.js';

/** The canvas zoom, read from the viewport's CSS transform. */
async function zoom(page: Page): Promise<number> {
  return page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('a seven-node sample opens readable, clear of the minimap, with the bottom panel open', async ({ page, studio }, testInfo) => {
  const file = join(studio.dir, 'adult-train-evaluate.pipeline.json');
  copyFileSync(join(SAMPLES_DIR, 'adult-train-evaluate.pipeline.json'), file);
  await page.goto(`${studio.url}&open=${encodeURIComponent(file)}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(7);
  await expect(page.locator('.slot-bottom-panel')).toBeVisible();
  // React Flow's fitView put this sample at about 0.5; the fit now waits for the cards to be measured.
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.8);

  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const minimap = (await page.locator('.react-flow__minimap').boundingBox())!;
  const inside = (b: typeof canvas) =>
    b.x >= canvas.x && b.y >= canvas.y && b.x + b.width <= canvas.x + canvas.width && b.y + b.height <= canvas.y + canvas.height;
  const boxes = await Promise.all((await page.locator('.react-flow__node-pipeline').all()).map(async (n) => (await n.boundingBox())!));
  const shown = boxes.filter(inside);
  // The first cards of the pipeline are on screen whole, and none is under the minimap.
  expect(shown.length).toBeGreaterThanOrEqual(3);
  for (const b of boxes) expect(overlaps(b, minimap), `card at ${b.x},${b.y} under the minimap`).toBe(false);
  // The first card is where its click lands (nothing over it).
  const first = boxes.reduce((a, b) => (b.x < a.x ? b : a));
  await page.mouse.click(first.x + 30, first.y + 12);
  await expect(page.locator('.react-flow__node-pipeline.selected')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('sample-opened-light.png') });

  await page.getByTestId('minimap-toggle').click();
  await expect(page.locator('.react-flow__minimap')).toHaveCount(0);
  await page.getByTestId('minimap-toggle').click();
  await expect(page.locator('.react-flow__minimap')).toHaveCount(1);
});

/** The largest WCAG contrast between the chart's title band (top 28 CSS px) and the panel behind the canvas. */
async function titleContrast(page: Page): Promise<{ ratio: number; background: string }> {
  return page.getByTestId('profile-chart').evaluate((box) => {
    const canvas = box.querySelector('canvas')!;
    const scale = canvas.width / canvas.clientWidth;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, Math.round(28 * scale)).data;
    let el: Element | null = box;
    let bg = 'rgba(0, 0, 0, 0)';
    while (el && /rgba\(.*, 0\)|transparent/.test(bg)) {
      bg = getComputedStyle(el).backgroundColor;
      el = el.parentElement;
    }
    const [br, bgG, bb] = bg.match(/\d+(\.\d+)?/g)!.map(Number);
    const lum = (r: number, g: number, b: number) => {
      const [R, G, B] = [r, g, b].map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const lb = lum(br, bgG, bb);
    let ratio = 1;
    for (let i = 0; i < pixels.length; i += 4) {
      const a = pixels[i + 3] / 255;
      if (a === 0) continue;
      const mix = (c: number, b: number) => c * a + b * (1 - a);
      const l = lum(mix(pixels[i], br), mix(pixels[i + 1], bgG), mix(pixels[i + 2], bb));
      ratio = Math.max(ratio, (Math.max(l, lb) + 0.05) / (Math.min(l, lb) + 0.05));
    }
    return { ratio, background: bg };
  });
}

test('dark theme: the profile chart title reads on the panel, and the profile table fits its area', async ({ page, studio }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const file = join(SAMPLES_DIR, 'penguins-prepare.pipeline.json');
  await page.goto(`${studio.url}&open=${encodeURIComponent(file)}`);
  await expect(page.locator('.react-flow__node-pipeline')).toHaveCount(3);
  await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'dark');
  await page.getByTestId('run-all').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-phase', 'succeeded', { timeout: 90_000 });
  await page.getByTestId('node-import').click({ position: { x: 30, y: 12 } });
  await page.getByTestId('tab-port:table').click();
  await page.getByTestId('subtab-profile').click();
  await page.locator('.profile-view tr[data-column="bill_length_mm"]').click();
  await expect(page.getByTestId('profile-chart').locator('canvas')).toBeVisible();
  // ECharts draws on the next frame after the option is set: wait until the title band has ink.
  await expect.poll(async () => (await titleContrast(page)).ratio).toBeGreaterThan(1.5);
  const { ratio, background } = await titleContrast(page);
  expect(background, 'the panel behind the chart is dark').not.toBe('rgb(255, 255, 255)');
  expect(ratio).toBeGreaterThanOrEqual(4.5);

  // Every statistic column is inside the table's area: no column hidden behind the chart.
  const list = page.locator('.profile-view__list');
  const [scrollWidth, clientWidth] = await list.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  // In a narrow window the chart goes under the table; the screenshots show it.
  await page.getByTestId('profile-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('profile-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-os-theme', 'light');
  await expect.poll(async () => (await titleContrast(page)).ratio).toBeGreaterThanOrEqual(4.5);
  await page.screenshot({ path: testInfo.outputPath('profile-light.png') });
});
