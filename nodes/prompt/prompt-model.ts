/**
 * The Prompt node's `model` output: the prompt as a model value (format 'llm') for packaging and
 * serving, written as `prompt.json` in the node's artifact folder. It keeps the secret's NAME; the
 * serving machine reads the value from its own keychain or environment.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import type { ParamsOf } from '../../engine/node-def.js';
import type { RunContext } from '../../engine/node-run.js';
import type { ModelValue, PromptModelSpec } from '../../engine/values.js';
import type { promptDef } from './def.js';
import { placeholders } from './template.js';

/** `models[k]`: the model variant k asked (variant-model.ts); kept in the spec where it is not the node's. */
export async function promptModel(ctx: RunContext, params: ParamsOf<typeof promptDef>, models: readonly string[]): Promise<ModelValue> {
  const spec: PromptModelSpec = {
    provider: params.provider,
    baseUrl: params.baseUrl,
    ...(params.provider === 'azure' ? { azureApiVersion: params.azureApiVersion } : {}),
    model: params.model,
    apiKeyName: params.apiKey,
    variants: params.variants.map((v, k) => ({
      name: v.name,
      system: v.system,
      template: v.template,
      ...(models[k] !== params.model ? { model: models[k] } : {}),
    })),
    placeholders: [...new Set(params.variants.flatMap((v) => placeholders(`${v.system}\n${v.template}`)))],
    outputMode: params.outputMode,
    ...(params.outputMode === 'label' ? { labels: params.labels } : {}),
    ...(params.outputMode === 'json' ? { jsonSchema: params.jsonSchema } : {}),
    sampling: { temperature: params.temperature, maxTokens: params.maxTokens, ...(params.seed >= 0 ? { seed: params.seed } : {}) },
  };
  await writeFileAtomic(join(ctx.artifactDir, 'prompt.json'), `${JSON.stringify(spec, null, 2)}\n`);
  return {
    kind: 'model',
    dir: ctx.artifactDir,
    format: 'llm',
    task: 'text',
    ...(spec.labels ? { labels: spec.labels } : {}),
    prompt: spec,
    summary: { provider: spec.provider, model: spec.model, variants: spec.variants.length, output: spec.outputMode, key: spec.apiKeyName || '(none)' },
  };
}
