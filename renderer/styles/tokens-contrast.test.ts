/**
 * Text colour pairs of the design tokens meet WCAG AA (4.5:1) in both themes. Contrast is computed
 * here from the hex values in tokens.css with the WCAG 2.x relative-luminance formula.
 */
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- this test runs in Node, not in the window's sandbox
import { readFileSync } from 'node:fs';

const tokens = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');

function block(selectorStart: string): Record<string, string> {
  const at = tokens.indexOf(selectorStart);
  const body = tokens.slice(tokens.indexOf('{', at) + 1, tokens.indexOf('\n}', at));
  return Object.fromEntries([...body.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const light = block(':root {');
const dark = { ...light, ...block(":root[data-theme='dark']") };
const STATUSES = ['idle', 'stale', 'queued', 'running', 'cached', 'done', 'failed', 'skipped', 'blocked'];
const PAIRS: [string, string][] = [
  ['text', 'bg-panel'],
  ['text', 'bg-sunken'],
  ['text', 'bg-canvas'],
  ['text-muted', 'bg-panel'],
  ['text-muted', 'bg-sunken'],
  ['text-muted', 'bg-raised'],
  ['text-faint', 'bg-panel'],
  ['text-on-accent', 'accent'],
  ['danger', 'danger-soft'],
  ['danger', 'bg-panel'],
  ['warning', 'bg-panel'],
  ['note-text', 'note-bg'],
  ['accent', 'bg-panel'],
  // The Models panel: gate outcome text, the "run not recorded" note.
  ['success', 'bg-panel'],
  ['text', 'warning-soft'],
  // Chart labels on the heatmap's (confusion matrix) largest and smallest cells.
  ['text', 'chart-cell-high'],
  ...STATUSES.map((s) => [`status-${s}-fg`, `status-${s}-bg`] as [string, string]),
];

describe('design tokens', () => {
  it('found both themes in tokens.css', () => {
    expect(Object.keys(light).length).toBeGreaterThan(40);
    expect(dark.text).not.toBe(light.text);
  });
  for (const [name, theme] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`meets WCAG AA for text in the ${name} theme`, () => {
      const failing = PAIRS.map(([fg, bg]) => ({ pair: `${fg} on ${bg}`, ratio: Math.round(contrast(theme[fg], theme[bg]) * 100) / 100 })).filter(
        (p) => p.ratio < 4.5,
      );
      expect(failing).toEqual([]);
    });
  }
});
