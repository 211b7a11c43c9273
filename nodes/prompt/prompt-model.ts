/**
 * The Prompt node's `model` output: the prompt as a model value (format 'llm') for packaging and
 * serving, written as `prompt.json` in the node's artifact folder. It keeps the secret's NAME; the
 * serving machine reads the value from its own keychain or environment.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { placeholders } from '../../engine/llm/template.js';
import type { ParamsOf } from '../../engine/node-def.js';
import type { RunContext } from '../../engine/node-run.js';
import type { ModelValue, PromptModelSpec } from '../../engine/values.js';
import type { promptDef } from './def.js';

/** DuckDB hands BIGINT as bigint, which JSON cannot hold: examples are kept as JSON values. */
const jsonRow = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));

/**
 * The spec the node sends requests from; `examples` are the few-shot rows in their order, `models[k]`
 * the model variant k asked (variant-model.ts), kept in the spec where it is not the node's.
 */
export function promptSpec(params: ParamsOf<typeof promptDef>, examples: readonly Record<string, unknown>[], models: readonly string[]): PromptModelSpec {
  const price = params.prices.find((p) => p.model === params.model);
  return {
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
    ...(examples.length ? { examples: { answerColumn: params.exampleAnswer, rows: examples.map(jsonRow) } } : {}),
    ...(price ? { price: { input: price.input, output: price.output } } : {}),
  };
}

export async function promptModel(ctx: RunContext, spec: PromptModelSpec): Promise<ModelValue> {
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
