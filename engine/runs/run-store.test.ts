import { describe, expect, it } from 'vitest';
import { isRunId, newRunId } from './run-store.js';

describe('run ids', () => {
  it('carry the UTC time and sort in creation order, even within one millisecond', () => {
    const at = Date.UTC(2026, 10, 26, 9, 50, 12, 123);
    const id = newRunId(at);
    expect(id).toMatch(/^run-20261126-095012-123-[0-9a-f]{4}$/);
    const more = Array.from({ length: 50 }, () => newRunId(at));
    expect([...more].sort()).toEqual(more);
    expect(more[0] > id).toBe(true);
    expect(isRunId(id)).toBe(true);
    expect(isRunId('../runs/x')).toBe(false);
  });
});
