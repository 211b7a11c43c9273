/**
 * The drift report as one self-contained HTML file: inline CSS, inline SVG bars, no script and no
 * remote content, so it opens offline and can be mailed as is. Every text is escaped.
 */
import type { DriftSummary } from '../../engine/monitor/compare.js';
import { METHOD_NAMES, P_VALUE_METHODS } from '../../engine/monitor/stattests.js';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (x: number | null) => (x === null ? '-' : Math.abs(x) >= 1e-4 || x === 0 ? x.toFixed(4) : x.toExponential(3));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export interface ReportInput {
  title: string;
  summary: DriftSummary;
  reference: string;
  current: string;
  rows: { reference: number; current: number };
  decay?: Record<string, number>;
  notes: string[];
}

/** A bar of the score against its threshold: full width is twice the threshold (or 1 for p-values). */
function bar(score: number | null, threshold: number | null, pValue: boolean, drifted: boolean): string {
  if (score === null || threshold === null) return '';
  const scale = pValue ? 1 : Math.max(threshold * 2, score);
  const w = Math.max(1, Math.min(160, (score / scale) * 160));
  const t = Math.min(160, (threshold / scale) * 160);
  return `<svg width="164" height="14" role="img" aria-label="score ${fmt(score)}"><rect x="0" y="2" width="${w.toFixed(1)}" height="10" fill="${drifted ? '#c0392b' : '#2e86c1'}"/><line x1="${t.toFixed(1)}" x2="${t.toFixed(1)}" y1="0" y2="14" stroke="#333"/></svg>`;
}

function columnRows(s: DriftSummary): string {
  return s.columns
    .map((c) => {
      const pValue = c.method !== null && P_VALUE_METHODS.has(c.method);
      return `<tr class="${c.drifted ? 'drift' : ''}"><td>${esc(c.column)}${c.role === 'prediction' ? ' <em>(prediction)</em>' : ''}</td><td>${c.method ? esc(METHOD_NAMES[c.method]) : esc(c.note ?? '')}</td><td class="n">${fmt(c.score)}${c.approximate ? ' ≈' : ''}</td><td class="n">${fmt(c.threshold)}</td><td>${c.drifted ? 'drift' : 'no drift'}</td><td>${bar(c.score, c.threshold, pValue, c.drifted)}</td><td class="n">${pct(c.referenceMissingShare)} → ${pct(c.currentMissingShare)}</td><td>${esc(c.newCategories.slice(0, 10).join(', '))}${c.newCategories.length > 10 ? ` (+${c.newCategories.length - 10})` : ''}</td></tr>`;
    })
    .join('\n');
}

export function driftReportHtml(r: ReportInput): string {
  const s = r.summary;
  const schema = s.schema.length
    ? `<h2>Schema changes</h2><ul>${s.schema.map((c) => `<li>${esc(c.column)}: ${c.change === 'missing' ? `missing from the current data (was ${esc(c.reference)})` : c.change === 'added' ? `new in the current data (${esc(c.current)})` : `type ${esc(c.reference)} became ${esc(c.current)}`}</li>`).join('')}</ul>`
    : '';
  const decay = r.decay
    ? `<h2>Performance on the window</h2><table><tr><th>metric</th><th>value</th></tr>${Object.entries(r.decay)
        .map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${fmt(v)}</td></tr>`)
        .join('')}</table>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(r.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}tr.drift td{background:#fdecea}.verdict{font-size:16px;font-weight:600}</style>
</head><body>
<h1>${esc(r.title)}</h1>
<p class="verdict">${s.datasetDrift ? 'Dataset drift detected' : 'No dataset drift'}: ${s.drifted} of ${s.compared} columns drifted (${pct(s.share)}; drift at ${pct(s.driftShare)} or more).</p>
<p>Reference: ${esc(r.reference)} (${r.rows.reference} rows). Current: ${esc(r.current)} (${r.rows.current} rows).</p>
${r.notes.length ? `<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<h2>Columns</h2>
<table><tr><th>column</th><th>test</th><th>score</th><th>threshold</th><th>verdict</th><th></th><th>missing</th><th>new categories</th></tr>
${columnRows(s)}
</table>
${schema}
${decay}
<p><small>Tests and thresholds follow Evidently's defaults. ≈: the reference was stored rounded, the figure is close to the exact one.</small></p>
</body></html>
`;
}
