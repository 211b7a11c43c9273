import { describe, expect, it } from 'vitest';
import { chi2Sf, logGamma, normSf } from './special.js';

// Figures from /usr/bin/python3 (scipy 1.10.1): stats.chi2.sf, stats.norm.sf, special.gammaln.
describe('special functions', () => {
  it('matches scipy to 1e-12 relative', () => {
    const chi: [number, number, number][] = [
      [3.2, 1, 0.07363827012030258],
      [25.0, 14, 0.03456739357724887],
      [0.5, 3, 0.9188914116546758],
      [120.0, 40, 6.35191834037896e-10],
      [1e-3, 2, 0.9995001249791693],
    ];
    for (const [x, df, p] of chi) expect(Math.abs(chi2Sf(x, df) - p) / p).toBeLessThan(1e-12);
    const norm: [number, number][] = [
      [0.1, 0.460172162722971],
      [1.96, 0.024997895148220435],
      [3.5, 0.00023262907903552502],
      [6.0, 9.865876450376946e-10],
    ];
    for (const [z, p] of norm) expect(Math.abs(normSf(z) - p) / p).toBeLessThan(1e-12);
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247, 12);
    expect(logGamma(3.7)).toBeCloseTo(1.428072326665388, 12);
    expect(logGamma(100.25)).toBeCloseTo(360.28455963776423, 10);
  });
});
