/**
 * Packaging a Prompt node's output: which variant becomes the package (the one named, else the one
 * Evaluate ranks best when its metrics are wired, else the first) and its registration.
 */
import { registerModel, type VersionInfo } from '../../engine/models/registry.js';
import { NodeError, type RunContext } from '../../engine/node-run.js';
import type { MetricsValue, ModelValue, ReportValue } from '../../engine/values.js';

/** The variant to package and why, in words for the log. */
export function chooseVariant(model: ModelValue, asked: string, metrics: MetricsValue | undefined): { name: string; why: string } {
  const names = model.prompt!.variants.map((v) => v.name);
  if (asked.trim()) {
    if (!names.includes(asked.trim()))
      throw new NodeError(
        'PROMPT_VARIANT_UNKNOWN',
        `"Prompt variant" names "${asked.trim()}", but the prompt's variants are ${names.join(', ')}`,
        'Pick one of them, or leave "Prompt variant" empty.',
      );
    return { name: asked.trim(), why: 'named in the "Prompt variant" param' };
  }
  // Evaluate names each variant's share of passed rows accuracy_<variant>; the best is the highest, the first on a tie (as Evaluate ranks).
  const scored = names.map((n) => ({ n, a: metrics?.metrics[`accuracy_${n}`] })).filter((s): s is { n: string; a: number } => Number.isFinite(s.a));
  if (scored.length) {
    const best = scored.reduce((b, s) => (s.a > b.a ? s : b));
    return { name: best.n, why: `ranked best by Evaluate (accuracy ${best.a})` };
  }
  return { name: names[0], why: metrics ? 'the first (the metrics name no variant of this prompt)' : 'the first (no Evaluate metrics wired)' };
}

export async function registerPrompt(
  ctx: RunContext,
  root: string,
  o: { name: string; model: ModelValue; variant: string; metrics: MetricsValue | undefined; report: ReportValue },
): Promise<VersionInfo & { hash: string; variant: string }> {
  const { name: variant, why } = chooseVariant(o.model, o.variant, o.metrics);
  ctx.log('info', `packaging prompt variant "${variant}": ${why}`);
  const lineage = {
    runId: ctx.runId,
    nodeId: ctx.nodeId,
    pipelineHash: ctx.documentHash,
    inputs: [],
    libraries: {},
    missing: ctx.documentHash ? [] : ['pipelineHash'],
  };
  const registered = await registerModel(root, {
    name: o.name,
    prompt: o.model.prompt!,
    variant,
    lineage,
    metrics: o.metrics?.metrics,
    gate: o.report.gate,
    cardFiles: o.report.files.map((f) => f.path),
  });
  return { ...registered, variant };
}
