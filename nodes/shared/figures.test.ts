import { describe, expect, it } from 'vitest';
import { digitsApartFrom, formatMetric, fourDigits } from './figures.js';

describe('figures for people', () => {
  it('four significant digits; integers whole with separators; tiny and huge in exponent form', () => {
    expect(fourDigits(0.8678641294682554)).toBe('0.8679');
    expect(fourDigits(592.3371)).toBe('592.3');
    expect(fourDigits(3989.4)).toBe('3,989');
    expect(fourDigits(123456.7)).toBe('123,500');
    expect(fourDigits(16281)).toBe('16,281');
    expect(fourDigits(0.00001234567)).toBe('1.235e-5');
    expect(fourDigits(-0.5)).toBe('-0.5');
    expect(fourDigits(null)).toBe('-');
    expect(fourDigits(NaN)).toBe('NaN');
  });

  it('shares as percentages, their differences in points, the rest as numbers', () => {
    expect(formatMetric('accuracy', 0.8678641294682554)).toBe('86.79%');
    expect(formatMetric('recall_macro_seen_classes', 1)).toBe('100%');
    expect(formatMetric('compare_f1_weighted', 0.1)).toBe('10%');
    expect(formatMetric('unshuffled_accuracy', 0.85123)).toBe('85.12%');
    expect(formatMetric('lift_over_baseline', 0.1040904054955265)).toBe('+10.41 pts');
    expect(formatMetric('delta_accuracy', -0.02)).toBe('-2 pts');
    expect(formatMetric('auc', 0.90104166)).toBe('0.901');
    expect(formatMetric('rows', 16281)).toBe('16,281');
  });

  it('shows more digits only where four would make a figure look equal to its threshold', () => {
    expect(digitsApartFrom(0.83996, 0.84)).toBe('0.83996');
    expect(digitsApartFrom(0.8678641294682554, 0.84)).toBe('0.8679');
    expect(digitsApartFrom(0.84, 0.84)).toBe('0.84');
  });
});
