/**
 * Two-sample Kolmogorov-Smirnov test, two-sided, as `scipy.stats.ks_2samp(method='auto')`: the
 * exact p-value when both samples have at most 10,000 values (Hodges' lattice-path counts, in
 * scipy's 1 - p form), otherwise the one-sample Kolmogorov distribution at round(m n / (m + n)).
 */
import type { NumericSample } from './sample.js';

const MAX_EXACT = 10000;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** P(D >= h/n) for equal sizes n (scipy's `_compute_prob_outside_square`). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/** Share of lattice paths leaving |x/m - y/n| < h/lcm (scipy's `_compute_outer_prob_inside_method`). */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1];
}

/** Pelz-Good approximation of P(D_n <= x), scipy's branch for large n. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const PI2 = Math.PI ** 2;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1 = [-z2, PI2 / 4];
  const k2 = [6 * z6 + 2 * z4, ((2 * z4 - 5 * z2) * PI2) / 4, (PI2 ** 2 * (1 - 2 * z2)) / 16];
  const k3 = [-30 * z6 - 90 * z ** 8, (PI2 * (135 * z4 - 96 * z6)) / 4, (PI2 ** 2 * (-60 * z2 + 212 * z4)) / 16, (PI2 ** 3 * (5 - 30 * z2)) / 64];
  const terms = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const qp = q ** (8 * k);
    const coeffs = [1, k1[0] + k1[1] * m2, k2[0] + k2[1] * m2 + k2[2] * m2 * m2, k3[0] + k3[1] * m2 + k3[2] * m2 * m2 + k3[3] * m2 ** 3];
    for (let i = 0; i < 4; i++) terms[i] = terms[i] * qp + coeffs[i];
  }
  const root = Math.sqrt(2 * Math.PI);
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) terms[i] = (terms[i] * q * root) / div[i];
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const s3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const qk = q ** (k * k);
    k2extra += k * k * qk;
    k3extra += (s3z + Math.PI * k) * (s3z - Math.PI * k) * k * k * qk;
  }
  terms[2] += (k2extra * PI2 * root) / (-36 * z2 * z);
  terms[3] += (k3extra * PI2 * root) / (216 * z6);
  return terms.reduce((t, v, i) => t + v / n ** (i / 2), 0);
}

/** P(D_n >= x) of the one-sample Kolmogorov distribution, in scipy's large-n branches. */
function kolmogorovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 0.5) return 1;
  if (t >= n - 1) return Math.min(1, 2 * (1 - x) ** n);
  if (t * x >= 370) return 0;
  return Math.min(1, Math.max(0, 1 - pelzGoodCdf(n, x)));
}

export interface KsResult {
  statistic: number;
  pvalue: number;
  method: 'exact' | 'asymp';
}

/** Two-sided two-sample KS on value counts (ties handled as scipy's right-continuous ECDFs). */
export function ks2Samp(a: NumericSample, b: NumericSample): KsResult {
  const n1 = a.n;
  const n2 = b.n;
  if (!n1 || !n2) return { statistic: 0, pvalue: 1, method: 'exact' };
  // The largest |c1 n2 - c2 n1| over the merged distinct values, in integers: D = that / (n1 n2).
  let i = 0;
  let j = 0;
  let c1 = 0;
  let c2 = 0;
  let best = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = i < a.values.length ? a.values[i] : Infinity;
    const vb = j < b.values.length ? b.values[j] : Infinity;
    const v = Math.min(va, vb);
    if (va === v) c1 += a.counts[i++];
    if (vb === v) c2 += b.counts[j++];
    best = Math.max(best, Math.abs(c1 * n2 - c2 * n1));
  }
  const g = gcd(n1, n2);
  const statistic = best / (n1 * n2);
  if (Math.max(n1, n2) <= MAX_EXACT) {
    const h = best / g;
    if (h === 0) return { statistic, pvalue: 1, method: 'exact' };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic, pvalue: p, method: 'exact' };
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  return { statistic, pvalue: kolmogorovSf(Math.round((m * n) / (m + n)), statistic), method: 'asymp' };
}
