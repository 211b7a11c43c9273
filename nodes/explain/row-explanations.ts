/**
 * Per-row explanations: why the model gave this row its score, as one attribution per raw column
 * that adds up to the row's output minus a reference output. Integrated gradients for the networks
 * we train (exact gradients from TensorFlow.js), KernelSHAP for everything else.
 */
import { ident, type DataPlane } from '../../engine/data/data-plane.js';
import { sourceColumn } from '../../engine/models/list-features.js';
import { encodeScaled } from '../../engine/models/preprocessing.js';
import { prepareForScoring } from '../../engine/models/scoring-input.js';
import { readModelInputs } from '../../engine/models/table-reader.js';
import { loadLayersModel } from '../../engine/models/tf-io.js';
import type { ModelValue } from '../../engine/values.js';
import { integratedGradients, type ExplainedOutput } from './integrated-gradients.js';
import { coalitions, shapleyFit } from './kernel-shap.js';
import { argmaxRows } from './metric.js';
import { rawSourceOf, type ModelScorer } from './model-scorer.js';

export interface RowExplanation {
  /** 1-based position of the row in the input table. */
  row: number;
  method: 'integrated-gradients' | 'kernel-shap';
  /** The class whose probability is explained, or the target for a value. */
  output: string;
  prediction: number;
  /** The reference the attributions start from: f(baseline) for IG, the mean over the background for SHAP. */
  base: number;
  /** Sum of attributions minus (prediction - base); 0 for SHAP by construction. */
  gap: number;
  attributions: { feature: string; value: string; attribution: number }[];
}

export interface RowOptions {
  /** A class name to explain, '' for each row's predicted class (the second class when there are two). */
  explainClass: string;
  igSteps: number;
  shapSamples: number;
  background: number;
  seed: number;
  signal: AbortSignal;
}

/** The output column explained for a row whose predicted class is `predicted`. */
export function classIndex(scorer: Pick<ModelScorer, 'task' | 'labels'>, explainClass: string, predicted: number): number {
  if (scorer.task !== 'classification') return 0;
  if (explainClass) {
    const k = scorer.labels.indexOf(explainClass);
    if (k < 0) throw new Error(`class "${explainClass}" is not one of the model's classes (${scorer.labels.join(', ')})`);
    return k;
  }
  return scorer.labels.length === 2 ? 1 : predicted;
}

const outputName = (scorer: ModelScorer, k: number) => (scorer.task === 'classification' ? scorer.labels[k] : scorer.target);

async function cellTexts(data: DataPlane, chosen: string, columns: readonly string[]): Promise<Map<number, string[]>> {
  const rows = await data.all<Record<string, unknown>>(
    `SELECT __pos, ${columns.map((c, j) => `CAST(${ident(c)} AS VARCHAR) AS c${j}`).join(', ')} FROM ${ident(chosen)} ORDER BY __pos`,
  );
  return new Map(rows.map((r) => [Number(r.__pos), columns.map((_, j) => (r[`c${j}`] === null ? '(missing)' : String(r[`c${j}`])))]));
}

/**
 * `chosen` holds the rows to explain with their 1-based `__pos`, in order.
 *
 * @example
 * const explained = await explainWithGradients(ctx.data, model, scorer, 'explain_chosen', options);
 */
export async function explainWithGradients(data: DataPlane, model: ModelValue, scorer: ModelScorer, chosen: string, o: RowOptions): Promise<RowExplanation[]> {
  const recipe = scorer.recipe!;
  const spec = recipe.encoding;
  const prepared = `${chosen}__prepared`;
  const input = await prepareForScoring(data, model, recipe, await data.describe(chosen), prepared);
  const network = await loadLayersModel(model.dir);
  try {
    const { raw } = await readModelInputs(data, input.table, spec, { signal: o.signal });
    const d = spec.encodedNames.length;
    const x = encodeScaled(spec, raw);
    // Which raw column each encoded column belongs to (a one-hot group sums onto its text column).
    const owner: string[] = spec.features.flatMap((f) =>
      new Array<string>(f.kind === 'categorical' ? (f.categories?.length ?? 0) : 1).fill(rawSourceOf(sourceColumn(f), recipe.steps)),
    );
    const positions = (await data.all<{ p: number }>(`SELECT __pos AS p FROM ${ident(chosen)} ORDER BY __pos`)).map((r) => Number(r.p));
    const texts = await cellTexts(data, chosen, scorer.rawColumns);
    const own = await scorer.score(chosen);
    const predicted = argmaxRows(own.outputs, own.width, own.rows);
    const out: RowExplanation[] = [];
    for (const [i, pos] of positions.entries()) {
      o.signal.throwIfAborted();
      const k = classIndex(scorer, o.explainClass, predicted[i]);
      const mapping: ExplainedOutput =
        scorer.task === 'regression' ? { index: 0, scale: spec.target.std ?? 1, offset: spec.target.mean ?? 0 } : { index: k, scale: 1, offset: 0 };
      const ig = await integratedGradients(network, x.slice(i * d, (i + 1) * d), new Float32Array(d), mapping, o.igSteps);
      const byColumn = new Map<string, number>(scorer.rawColumns.map((c) => [c, 0]));
      owner.forEach((c, j) => byColumn.set(c, (byColumn.get(c) ?? 0) + ig.attributions[j]));
      const cells = texts.get(pos) ?? [];
      out.push({
        row: pos,
        method: 'integrated-gradients',
        output: outputName(scorer, k),
        prediction: ig.fx,
        base: ig.fBaseline,
        gap: ig.gap,
        attributions: scorer.rawColumns.map((c, j) => ({ feature: c, value: cells[j] ?? '', attribution: byColumn.get(c) ?? 0 })),
      });
    }
    return out;
  } finally {
    network.dispose();
    if (input.table !== chosen) await data.dropTable(input.table);
  }
}

async function writeMasks(data: DataPlane, table: string, masks: readonly Uint8Array[], m: number): Promise<void> {
  await data.run(`CREATE OR REPLACE TABLE ${ident(table)} (s INTEGER, ${Array.from({ length: m }, (_, j) => `m_${j} BOOLEAN`).join(', ')})`);
  const appender = await data.connection.createAppender(table);
  masks.forEach((mask, s) => {
    appender.appendInteger(s);
    for (let j = 0; j < m; j++) appender.appendBoolean(mask[j] === 1);
    appender.endRow();
  });
  appender.flushSync();
  appender.closeSync();
}

const meanOver = (outputs: Float32Array, width: number, from: number, count: number, k: number) => {
  let sum = 0;
  for (let r = from; r < from + count; r++) sum += outputs[r * width + k];
  return sum / count;
};

/**
 * `background` holds the reference rows (raw columns); `chosen` the rows to explain with `__pos`.
 *
 * @example
 * const explained = await explainWithKernelShap(ctx.data, scorer, 'explain_chosen', 'explain_background', options);
 */
export async function explainWithKernelShap(
  data: DataPlane,
  scorer: ModelScorer,
  chosen: string,
  background: string,
  o: RowOptions,
): Promise<RowExplanation[]> {
  const columns = scorer.rawColumns;
  const m = columns.length;
  const c = coalitions(m, o.shapSamples, o.seed);
  const masks = `${chosen}__masks`;
  const hybrid = `${chosen}__hybrid`;
  const one = `${chosen}__one`;
  try {
    await writeMasks(data, masks, c.masks, m);
    const bg = await scorer.score(background);
    const k0 = bg.rows;
    const positions = (await data.all<{ p: number }>(`SELECT __pos AS p FROM ${ident(chosen)} ORDER BY __pos`)).map((r) => Number(r.p));
    const texts = await cellTexts(data, chosen, columns);
    const own = await scorer.score(chosen);
    const predicted = argmaxRows(own.outputs, own.width, own.rows);
    const out: RowExplanation[] = [];
    for (const [i, pos] of positions.entries()) {
      o.signal.throwIfAborted();
      const k = classIndex(scorer, o.explainClass, predicted[i]);
      await data.run(`CREATE OR REPLACE TABLE ${ident(one)} AS SELECT * FROM ${ident(chosen)} WHERE __pos = ${pos}`);
      const cases = columns.map((col, j) => `CASE WHEN z.m_${j} THEN x.${ident(col)} ELSE b.${ident(col)} END AS ${ident(col)}`);
      await data.run(
        `CREATE OR REPLACE TABLE ${ident(hybrid)} AS SELECT ${cases.join(', ')} FROM ${ident(masks)} z CROSS JOIN ${ident(background)} b CROSS JOIN ${ident(one)} x ORDER BY z.s, b.__row`,
      );
      const got = await scorer.score(hybrid);
      const fz = c.masks.map((_, s) => meanOver(got.outputs, got.width, s * k0, k0, k));
      const phi0 = meanOver(bg.outputs, bg.width, 0, k0, k);
      const fx = own.outputs[i * own.width + k];
      const phi = shapleyFit(c, fz, phi0, fx);
      const cells = texts.get(pos) ?? [];
      out.push({
        row: pos,
        method: 'kernel-shap',
        output: outputName(scorer, k),
        prediction: fx,
        base: phi0,
        gap: phi.reduce((a, b) => a + b, 0) - (fx - phi0),
        attributions: columns.map((col, j) => ({ feature: col, value: cells[j] ?? '', attribution: phi[j] })),
      });
    }
    return out;
  } finally {
    for (const t of [masks, hybrid, one]) await data.dropTable(t);
  }
}
