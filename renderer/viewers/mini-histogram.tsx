/**
 * A tiny bar sketch of a column's distribution for grid headers and the profile list: histogram bins
 * for numbers, top values for text. Plain SVG: a few rects do not justify a chart instance per column.
 */
import type { ColumnProfile } from '../../engine/engine-types.js';

/** Bar heights (counts) and a label per bar from a column profile. */
export function distributionBars(profile: ColumnProfile): { count: number; label: string }[] {
  if (profile.histogram && profile.histogram.bins.length > 0) {
    return profile.histogram.bins.map((b) => ({
      count: b.count,
      label: `${formatNumber(b.from)} – ${formatNumber(b.to)}: ${b.count.toLocaleString('en-US')}`,
    }));
  }
  return (profile.topValues ?? []).map((t) => ({ count: t.count, label: `${t.value ?? '(missing)'}: ${t.count.toLocaleString('en-US')}` }));
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 0.001 || abs >= 1e7) ? value.toExponential(2) : value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/**
 * @example
 * <MiniHistogram profile={profile.columns[0]} width={100} height={18} />
 */
export function MiniHistogram({ profile, width = 100, height = 18 }: { profile: ColumnProfile; width?: number; height?: number }) {
  const bars = distributionBars(profile);
  if (bars.length === 0) return null;
  const max = Math.max(1, ...bars.map((b) => b.count));
  const w = width / bars.length;
  return (
    <svg className="mini-histogram" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`distribution of ${profile.name}`}>
      {bars.map((b, i) => {
        const h = Math.max(b.count > 0 ? 1 : 0, (b.count / max) * height);
        return (
          <rect key={i} x={i * w + 0.5} y={height - h} width={Math.max(1, w - 1)} height={h}>
            <title>{b.label}</title>
          </rect>
        );
      })}
    </svg>
  );
}
