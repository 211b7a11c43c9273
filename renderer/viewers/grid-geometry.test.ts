import { describe, expect, it } from 'vitest';
import { gridWindow, MAX_SCROLL_HEIGHT, ROW_HEIGHT, scrollTopForRow, spacerHeight } from './grid-geometry.js';

describe('grid geometry', () => {
  it('maps scroll pixels one to one for small tables', () => {
    // 32,561 rows * 24 px = 781,464 px: no scaling needed.
    expect(spacerHeight(32_561)).toBe(781_464);
    const w = gridWindow(30_000 * ROW_HEIGHT, 240, 32_561);
    expect(w.first).toBe(30_000);
    expect(w.last).toBe(30_010);
    expect(scrollTopForRow(30_000, 240, 32_561)).toBe(720_000);
  });

  it('scales a million rows into the height cap and still reaches the last row', () => {
    expect(spacerHeight(1_000_000)).toBe(MAX_SCROLL_HEIGHT);
    const top = scrollTopForRow(500_000, 480, 1_000_000);
    expect(gridWindow(top, 480, 1_000_000).first).toBe(500_000);
    const end = gridWindow(MAX_SCROLL_HEIGHT - 480, 480, 1_000_000);
    expect(end.last).toBe(999_999);
  });
});
