/**
 * Which model a variant asks: its own Model field when set, the node's Model otherwise; the word
 * `fine-tuned` names the model of the "Fine-tuned model" input (a Fine-tune node), so a fine-tuned
 * variant is evaluated against the base one in the same node, on the same rows.
 */
import { NodeError } from '../../engine/node-run.js';
import type { ModelValue } from '../../engine/values.js';

export const FINE_TUNED = 'fine-tuned';

export function variantModel(variant: { name: string; model: string }, nodeModel: string, tuned: ModelValue | undefined): string {
  const wanted = variant.model.trim();
  if (!wanted) return nodeModel;
  if (wanted !== FINE_TUNED) return wanted;
  if (!tuned)
    throw new NodeError(
      'PROMPT_NO_FINE_TUNED',
      `variant "${variant.name}" asks for the fine-tuned model, but nothing is connected to the "Fine-tuned model" input`,
      "Connect a Fine-tune node's model output, or type a model name in the variant's Model field.",
    );
  if (!tuned.fineTune)
    throw new NodeError(
      'PROMPT_NO_FINE_TUNED',
      `variant "${variant.name}" asks for the fine-tuned model, but the "Fine-tuned model" input is not a Fine-tune node's model`,
      'Connect the model output of a Fine-tune node.',
    );
  if (!tuned.fineTune.model)
    throw new NodeError(
      'PROMPT_NO_FINE_TUNED',
      `variant "${variant.name}" asks for the fine-tuned model, but the Fine-tune node only wrote the training file (${tuned.fineTune.trainingFile})`,
      'Set the Fine-tune node\'s Action to "upload it and fine-tune" on a provider that fine-tunes.',
    );
  return tuned.fineTune.model;
}
