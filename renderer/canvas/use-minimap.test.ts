import { describe, expect, it } from 'vitest';
import { minimapShown, SHORT_CANVAS_PX } from './use-minimap.js';

describe('minimapShown', () => {
  // 2 x (150 px minimap + 15 px margin), from React Flow's minimap size.
  it('hides the minimap in a canvas under 330 px high unless the user chose it, and shows it above', () => {
    expect(SHORT_CANVAS_PX).toBe(330);
    expect(minimapShown(undefined, 329)).toBe(false);
    expect(minimapShown(undefined, 330)).toBe(true);
    expect(minimapShown(true, 184)).toBe(true);
    expect(minimapShown(false, 700)).toBe(false);
  });
});
