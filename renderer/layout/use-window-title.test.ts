import { describe, expect, it } from 'vitest';
import { windowTitle } from './use-window-title.js';

describe('windowTitle', () => {
  it('leads with the pipeline name and ends with the app name', () => {
    expect(windowTitle('Churn model', false)).toBe('Churn model — Lifecycle Studio');
  });
  it('marks unsaved changes at the start, where a narrow tab still shows it', () => {
    expect(windowTitle('Churn model', true)).toBe('● Churn model — Lifecycle Studio');
  });
  it('names a blank pipeline name as untitled rather than leaving a bare dash', () => {
    expect(windowTitle('  ', false)).toBe('Untitled pipeline — Lifecycle Studio');
  });
});
