/** Backoff arithmetic, with the random draw fixed so the figures are hand-checkable. */
import { expect, it } from 'vitest';
import { backoffMs, isRetryable, retryAfterMs } from './retry.js';

it('exponential backoff with full jitter, capped, never shorter than Retry-After', () => {
  const policy = { retries: 5, baseMs: 500, maxMs: 4000, random: () => 0.5 };
  // 0.5 x min(4000, 500 x 2^attempt): 250, 500, 1000, 2000, then the cap's half 2000.
  expect([0, 1, 2, 3, 4].map((a) => backoffMs(policy, a, undefined))).toEqual([250, 500, 1000, 2000, 2000]);
  expect(backoffMs(policy, 0, 3000)).toBe(3000);
  expect(backoffMs(policy, 4, 10)).toBe(2000);
});

it('reads Retry-After as seconds or as an HTTP date', () => {
  expect(retryAfterMs('2')).toBe(2000);
  expect(retryAfterMs('Wed, 02 Dec 2026 02:00:10 GMT', Date.parse('Wed, 02 Dec 2026 02:00:00 GMT'))).toBe(10_000);
  expect(retryAfterMs(null)).toBeUndefined();
  expect(retryAfterMs('soon')).toBeUndefined();
});

it('retries 429 and 5xx only', () => {
  expect([429, 500, 503, 400, 401, 404, undefined].map(isRetryable)).toEqual([true, true, true, false, false, false, false]);
});
