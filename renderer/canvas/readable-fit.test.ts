/**
 * Opening a pipeline shows it at a readable zoom and above the minimap. Expected viewports are
 * worked out by hand from the margin (32 px), the minimap band (150 + 15 px) and the zoom bounds.
 */
import { describe, expect, it } from 'vitest';
import { MINIMAP_BOX, readableViewport } from './readable-fit.js';

const toScreen = (v: { x: number; y: number; zoom: number }, p: { x: number; y: number }) => ({ x: p.x * v.zoom + v.x, y: p.y * v.zoom + v.y });

describe('readableViewport', () => {
  it('a long pipeline opens at 0.8, its first node at the left margin, not shrunk to fit', () => {
    // Nine cards 210 px wide, 340 px apart: 2930 x 120 flow units in a 1280 x 560 pane.
    const v = readableViewport({ x: 40, y: 100, width: 2930, height: 120 }, { width: 1280, height: 560 });
    expect(v.zoom).toBe(0.8);
    // By hand: x = 32 - 40 * 0.8 = 0; y = 32 - 100 * 0.8 = -48 (the top of the pipeline at the top margin).
    expect(v).toEqual({ x: 0, y: -48, zoom: 0.8 });
  });

  it('a short pipeline is centred across, above the minimap band, at most 1.2', () => {
    const pane = { width: 1000, height: 500 };
    const bounds = { x: 0, y: 0, width: 700, height: 300 };
    const v = readableViewport(bounds, pane);
    // By hand: min(936 / 700, 271 / 300, 1.2) = 0.9033..., so the pipeline's bottom is 271 px below the 32 px margin.
    expect(v.zoom).toBeCloseTo(271 / 300, 10);
    const bottomRight = toScreen(v, { x: bounds.width, y: bounds.height });
    const minimapTop = pane.height - MINIMAP_BOX.margin - MINIMAP_BOX.height;
    expect(bottomRight.y).toBeLessThanOrEqual(minimapTop);
    // Centred across: (936 - 700 * zoom) / 2 either side of the margin.
    expect(toScreen(v, { x: 0, y: 0 }).x).toBeCloseTo(32 + (936 - 700 * v.zoom) / 2, 10);
    expect(readableViewport({ x: 0, y: 0, width: 100, height: 50 }, pane).zoom).toBe(1.2);
  });

  it('a tall pipeline that does not fit starts at its top', () => {
    const v = readableViewport({ x: 0, y: -200, width: 400, height: 2000 }, { width: 1000, height: 700 });
    expect(v.zoom).toBe(0.8);
    expect(toScreen(v, { x: 0, y: -200 }).y).toBe(32);
  });
});
