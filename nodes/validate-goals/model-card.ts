/**
 * The model card as a small structured document (headings, paragraphs, tables) rendered twice: to
 * Markdown and to standalone HTML. Both come from the same content, so they never disagree.
 */
import type { TrainingSummary } from '../../engine/models/model-files.js';
import type { FittedEncoding } from '../../engine/models/preprocessing.js';
import type { GateRuleOutcome, MetricsValue, ModelValue } from '../../engine/values.js';
import { explanationBlocks, isExplanation } from './explanation-section.js';
import { baselineBlocks } from './baseline-section.js';
import { formatMetric, fourDigits } from '../shared/figures.js';

export type Block = { h: string } | { p: string } | { table: { head: string[]; rows: string[][] } };

export interface CardInput {
  title: string;
  generatedAt: string;
  gate: { passed: boolean; rules: GateRuleOutcome[] };
  metrics: MetricsValue;
  model?: ModelValue;
  spec?: FittedEncoding;
  training?: TrainingSummary;
  /** The engine's TensorFlow.js backend, when the model did not record one. */
  backend: string;
}

const num = fourDigits;

function featureRows(spec: FittedEncoding): string[][] {
  return spec.features.map((f) => {
    if (f.kind === 'categorical') {
      const cats = f.categories ?? [];
      const shown = cats.slice(0, 8).join(', ') + (cats.length > 8 ? `, ... (${cats.length} in all)` : '');
      return [f.name, f.sourceType, 'one-hot', shown + (f.droppedCategories ? `; ${f.droppedCategories} rarer left as all zeros` : '')];
    }
    const j = spec.encodedNames.indexOf(f.name);
    return [f.name, f.sourceType, f.kind, `missing -> median ${num(f.median)}; scaled (x - ${num(spec.scaleMean[j])}) / ${num(spec.scaleStd[j])}`];
  });
}

/** The card's content in order. */
export function cardBlocks(c: CardInput): Block[] {
  const blocks: Block[] = [{ p: `Generated ${c.generatedAt}. Business-goal gate: **${c.gate.passed ? 'PASSED' : 'FAILED'}**.` }];
  blocks.push({ h: 'Business goals' });
  blocks.push({
    table: { head: ['Rule', 'Result', 'Measured', 'Detail'], rows: c.gate.rules.map((r) => [r.rule, r.passed ? 'pass' : 'FAIL', num(r.measured), r.message]) },
  });
  if (c.model) {
    blocks.push({ h: 'Model' });
    const facts: string[][] = [
      ['Format', c.model.format],
      ['Task', c.model.task ?? '-'],
      ['Target', c.model.target ?? '-'],
      ...(c.model.labels ? [['Classes', c.model.labels.join(', ')]] : []),
      ...Object.entries(c.model.summary).map(([k, v]) => [k, typeof v === 'number' ? num(v) : String(v)]),
      ['Backend', c.training?.backend ?? c.backend],
    ];
    if (c.training?.trainedAt) facts.push(['Trained at', c.training.trainedAt]);
    if (c.training) facts.push(['TensorFlow.js', c.training.tfjsVersion], ['Layers', c.training.layers.join(' -> ')]);
    if (c.training?.onnxParity)
      facts.push([
        'ONNX check',
        `largest difference from the trained model ${c.training.onnxParity.maxAbsDiff.toExponential(2)} on ${c.training.onnxParity.rows} rows`,
      ]);
    blocks.push({ table: { head: ['', ''], rows: facts } });
  }
  if (c.training) {
    blocks.push({ h: 'Training data' });
    const d = c.training.data;
    const rows = [['train', d.train.table, String(d.train.rows), d.train.fingerprint]];
    if (d.validation) rows.push(['validation', d.validation.table, String(d.validation.rows), d.validation.fingerprint || '-']);
    blocks.push({ table: { head: ['Role', 'Table', 'Rows', 'Fingerprint (xor of row hashes)'], rows } });
    blocks.push({ h: 'Training parameters' });
    blocks.push({
      table: { head: ['Param', 'Value'], rows: Object.entries(c.training.params).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]) },
    });
    const last = c.training.history.at(-1);
    blocks.push({
      p: `Ran ${c.training.epochsRun} epochs${c.training.durationMs !== undefined ? ` in ${(c.training.durationMs / 1000).toFixed(1)} s` : ''}${c.training.stoppedEarly ? `, stopped early and kept epoch ${c.training.bestEpoch}` : ''}; final loss ${num(last?.loss)}${last?.val_loss !== undefined ? `, validation loss ${num(last.val_loss)}` : ''}.`,
    });
  }
  if (c.spec) {
    blocks.push({ h: 'Features and preprocessing' });
    blocks.push({ p: `Fitted on the training table only (${c.spec.fittedOn.rows} rows). Unseen categories at scoring time encode as all zeros.` });
    blocks.push({ table: { head: ['Column', 'Type', 'Treatment', 'Fitted values'], rows: featureRows(c.spec) } });
  }
  // Metrics from the Explain node describe the model's reasons, not its accuracy on a test set.
  if (isExplanation(c.metrics)) return [...blocks, ...explanationBlocks(c.metrics)];
  blocks.push({ h: 'Evaluation' }, ...baselineBlocks(c.metrics));
  blocks.push({ table: { head: ['Metric', 'Value'], rows: Object.entries(c.metrics.metrics).map(([k, v]) => [k, formatMetric(k, v)]) } });
  const groups = Object.entries(c.metrics.groups ?? {});
  if (groups.length) {
    const cols = [...new Set(groups.flatMap(([, m]) => Object.keys(m)))];
    blocks.push({ table: { head: ['Class', ...cols], rows: groups.map(([g, m]) => [g, ...cols.map((k) => formatMetric(k, m[k]))]) } });
  }
  return blocks;
}

const mdCell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Markdown rendering of the card. */
export function renderMarkdown(title: string, blocks: Block[]): string {
  const out = [`# ${title}`, ''];
  for (const b of blocks) {
    if ('h' in b) out.push(`## ${b.h}`, '');
    else if ('p' in b) out.push(b.p, '');
    else {
      out.push(`| ${b.table.head.map(mdCell).join(' | ')} |`, `|${b.table.head.map(() => ' --- ').join('|')}|`);
      for (const r of b.table.rows) out.push(`| ${r.map(mdCell).join(' | ')} |`);
      out.push('');
    }
  }
  return out.join('\n');
}

const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
// Paragraphs carry one kind of emphasis (**...**); everything else is escaped text.
const inline = (s: string) => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');

/** Standalone HTML rendering of the card (no scripts, no external resources). */
export function renderHtml(title: string, blocks: Block[]): string {
  const body = blocks
    .map((b) => {
      if ('h' in b) return `<h2>${esc(b.h)}</h2>`;
      if ('p' in b) return `<p>${inline(b.p)}</p>`;
      const head = `<tr>${b.table.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
      const rows = b.table.rows.map((r) => `<tr>${r.map((c) => `<td${c === 'FAIL' ? ' class="fail"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
      return `<table>\n${head}\n${rows}\n</table>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:0.5rem 0}th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}.fail{color:#b00020;font-weight:600}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}
