/**
 * What the model's outputs become as columns, decided from the params and the signature before
 * scoring: class probabilities named by the class names plus the predicted label, a predicted
 * value (regression), and whole outputs kept as list columns (an embedding).
 */
import { metadataList } from './column-mapping.js';
import type { OnnxSignature, OnnxTensorInfo } from './signature-types.js';

export type PremadeTask = 'classification' | 'regression' | 'none';

export interface OutputPlan {
  task: PremadeTask;
  /** The output the prediction is read from (absent for task 'none'). */
  scoreOutput?: string;
  /** Class names, in the order of the score output's values; a width-1 output with two names is P(second name). */
  labels?: string[];
  /** Name of the predicted column's suffix: `predicted_<target>`. */
  target: string;
  /** Outputs kept whole as list columns, named as the outputs. */
  keep: string[];
}

export interface OutputParams {
  task: 'auto' | PremadeTask;
  scoreOutput: string;
  labels: string[];
  keepOutputs: string[];
  target: string;
}

function staticWidth(info: OnnxTensorInfo): number | undefined {
  const rest = (info.shape ?? []).slice(1);
  return rest.every((d) => typeof d === 'number') ? rest.reduce<number>((a, b) => a * (b as number), 1) : undefined;
}

/** The output a prediction comes from when the user named none: one whose name says probabilities, else the first. */
function defaultScoreOutput(sig: OnnxSignature): OnnxTensorInfo | undefined {
  return sig.outputs.find((o) => /prob/i.test(o.name)) ?? sig.outputs[0];
}

/**
 * @example
 * planOutputs(signature, { task: 'auto', scoreOutput: '', labels: [], keepOutputs: [], target: 'species' })
 * // { task: 'classification', scoreOutput: 'probabilities', labels: ['Adelie', 'Chinstrap', 'Gentoo'], target: 'species', keep: [] }
 */
export function planOutputs(sig: OnnxSignature, p: OutputParams): OutputPlan | { problems: string[] } {
  const problems: string[] = [];
  const names = sig.outputs.map((o) => o.name).join(', ');
  for (const k of p.keepOutputs)
    if (!sig.outputs.some((o) => o.name === k)) problems.push(`"Keep outputs" names ${k}, which the model does not give (its outputs: ${names})`);
  const labels = p.labels.length ? p.labels : metadataList(sig.metadata.labels);
  const target = p.target || sig.metadata.target || 'prediction';
  if (p.task === 'none') return problems.length ? { problems } : { task: 'none', target, keep: p.keepOutputs };
  const out = p.scoreOutput ? sig.outputs.find((o) => o.name === p.scoreOutput) : defaultScoreOutput(sig);
  if (!out) return { problems: [...problems, `the model has no output ${p.scoreOutput} (its outputs: ${names}); pick one in "Prediction from output"`] };
  const task = p.task === 'auto' ? (labels ? 'classification' : 'regression') : p.task;
  const width = staticWidth(out);
  if (task === 'classification') {
    if (!labels) problems.push(`the model has no "labels" metadata; type the class names in "Class names", in the order of output ${out.name}`);
    else if (width !== undefined && width !== labels.length && !(width === 1 && labels.length === 2))
      problems.push(`output ${out.name} gives ${width} values per row but ${labels.length} class names are given (${labels.join(', ')})`);
  } else if (width !== undefined && width !== 1)
    problems.push(`output ${out.name} gives ${width} values per row; a regression prediction needs one (keep it whole in "Keep outputs" instead)`);
  if (problems.length) return { problems };
  return { task, scoreOutput: out.name, ...(task === 'classification' ? { labels } : {}), target, keep: p.keepOutputs };
}
