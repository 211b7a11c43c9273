import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count.js';

describe('formatCount', () => {
  it("gives what toLocaleString('en-US') gives for integers of every length, signs included", () => {
    const values = [0, 7, 12, 999, 1000, 9999, 10_000, 32_561, 123_456, 999_999, 1_000_000, 4_898_431, 123_456_789, Number.MAX_SAFE_INTEGER];
    for (const v of values) {
      // Intl (ICU) is the independent reference here.
      expect(formatCount(v)).toBe(v.toLocaleString('en-US'));
      if (v !== 0) expect(formatCount(-v)).toBe((-v).toLocaleString('en-US'));
    }
  });

  it('leaves fractions and numbers past the safe integers to toLocaleString', () => {
    expect(formatCount(1234.5)).toBe('1,234.5');
    expect(formatCount(2 ** 60)).toBe((2 ** 60).toLocaleString('en-US'));
  });
});
