/**
 * A Prompt node's output through Package model: the variant Evaluate ranks best (or the one named)
 * becomes a registered package holding the prompt, the provider and model, the output mode and the
 * sampling, the key by its secret NAME only; its manifest's input schema lists the placeholders.
 * Stand-in figures (engine/testing/openai-stand-in.ts), counted by hand in the comments.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readPromptPackage } from '../../engine/models/package/prompt-package.js';
import { listModels } from '../../engine/models/registry.js';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import { startStandIn, type StandIn } from '../../engine/testing/openai-stand-in.js';
import { TEST_KEYS } from '../../engine/testing/test-keys.fixture.js';
import type { MetricsValue, ModelValue, ReportValue, TableValue } from '../../engine/values.js';
import { evaluateRunner } from '../evaluate/run.js';
import { promptRunner } from '../prompt/run.js';
import { registeredModelRunner } from '../registered-model/run.js';
import { promptParams, textTable } from '../testing/prompt-kit.js';
import { packageModelRunner } from './run.js';

const KEY = TEST_KEYS.openai;
let server: StandIn;
let ctx: FakeContext;
beforeEach(async () => {
  server = await startStandIn({ apiKey: KEY });
  ctx = await createTestContext({ secrets: { STAND_IN_KEY: KEY } });
});
afterEach(async () => {
  ctx.data.close();
  await server.close();
});

const passed: ReportValue = { kind: 'report', title: 'gate', files: [], gate: { passed: true, rules: [] } };
const SYSTEM = 'Classify the sentiment of the review. Answer positive or negative.';

/** "flip" adds three "not"s, so the keyword rule answers negative to all four rows: 2 of 4 right; "plain" gets 4 of 4. */
async function promptAndMetrics(): Promise<{ model: ModelValue; metrics: MetricsValue; table: TableValue }> {
  const rows = [
    { review: 'great food', label: 'positive' },
    { review: 'awful service', label: 'negative' },
    { review: 'I love it', label: 'positive' },
    { review: 'bad', label: 'negative' },
  ];
  const input = await textTable(ctx, 'reviews', rows);
  const examples = await textTable(ctx, 'shots', [{ review: 'nice staff', answer: 'positive' }]);
  const out = await promptRunner.run(
    ctx,
    { table: input, examples },
    promptParams(server.baseURL, {
      apiKey: 'STAND_IN_KEY',
      outputMode: 'label',
      labels: ['positive', 'negative'],
      temperature: 0.2,
      maxTokens: 5,
      seed: 7,
      exampleAnswer: 'answer',
      variants: [
        { name: 'flip', system: SYSTEM, template: '{{review}} not not not' },
        { name: 'plain', system: `${SYSTEM} Be brief.`, template: 'Review: {{review}}' },
      ],
    }),
  );
  const table = out.table as TableValue;
  const evaluated = await evaluateRunner.run(createFakeContext(ctx.data), { scored: table }, { expected: 'label', check: 'label' });
  return { model: out.model as ModelValue, metrics: evaluated.metrics as MetricsValue, table };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

it('packages the variant Evaluate ranks best, with the prompt, provider, model, output mode and sampling; the key by name only', async () => {
  const { model, metrics } = await promptAndMetrics();
  expect([metrics.metrics.accuracy_flip, metrics.metrics.accuracy_plain]).toEqual([0.5, 1]);
  const pack = createFakeContext(ctx.data, { workspaceDir: ctx.workspaceDir, secrets: { STAND_IN_KEY: KEY } });
  const out = await packageModelRunner.run(pack, { model, report: passed, metrics }, { name: 'sentiment' });
  const registered = out.model as ModelValue;
  expect(registered.package).toMatchObject({ name: 'sentiment', version: 1, stage: 'none' });
  expect(pack.logs.map((l) => l.message)).toContain('packaging prompt variant "plain": ranked best by Evaluate (accuracy 1)');

  const pkg = await readPromptPackage(registered.dir);
  expect(pkg.prompt).toMatchObject({
    variant: 'plain',
    variants: [{ name: 'plain', system: `${SYSTEM} Be brief.`, template: 'Review: {{review}}' }],
    placeholders: ['review'],
    provider: 'compatible',
    baseUrl: server.baseURL,
    model: 'stand-in-small',
    apiKeyName: 'STAND_IN_KEY',
    outputMode: 'label',
    labels: ['positive', 'negative'],
    sampling: { temperature: 0.2, maxTokens: 5, seed: 7 },
    examples: { answerColumn: 'answer', rows: [{ review: 'nice staff', answer: 'positive' }] },
  });
  expect(pkg.manifest).toMatchObject({ kind: 'prompt', task: 'text', name: 'sentiment', version: 1, labels: ['positive', 'negative'] });
  expect(pkg.manifest.inputSchema).toMatchObject({ required: ['review'], properties: { review: {} } });
  expect(pkg.metrics?.metrics.accuracy_plain).toBe(1);

  // A second run is version 2 of the same model, as any model; the named variant wins over the ranking.
  const again = await packageModelRunner.run(pack, { model, report: passed, metrics }, { name: 'sentiment', variant: 'flip' });
  expect((await readPromptPackage((again.model as ModelValue).dir)).prompt.variant).toBe('flip');
  expect((await listModels(join(ctx.workspaceDir, 'models')))[0].versions.map((v) => v.version)).toEqual([1, 2]);
  // Registered model reads a prompt version back as a prompt, ready for Deploy.
  const latest = await registeredModelRunner.run(createFakeContext(ctx.data, { workspaceDir: ctx.workspaceDir }), {}, { name: 'sentiment', stage: 'latest' });
  expect(latest.model).toMatchObject({ format: 'llm', task: 'text', prompt: { variant: 'flip' }, package: { name: 'sentiment', version: 2 } });

  // The key's value is in no file the nodes wrote: registry, artifacts, workspace.
  const written = [...filesUnder(ctx.workspaceDir), ...filesUnder(ctx.artifactDir), ...filesUnder(pack.artifactDir)];
  expect(written.some((f) => f.endsWith('prompt.json'))).toBe(true);
  expect(written.filter((f) => readFileSync(f).includes(KEY))).toEqual([]);
  expect(server.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
});

it('without Evaluate metrics the first variant is packaged; an unknown variant name is refused naming the variants', async () => {
  const { model } = await promptAndMetrics();
  const pack = createFakeContext(ctx.data, { workspaceDir: ctx.workspaceDir });
  const out = await packageModelRunner.run(pack, { model, report: passed }, { name: 'sentiment' });
  expect((await readPromptPackage((out.model as ModelValue).dir)).prompt.variant).toBe('flip');
  await expect(packageModelRunner.run(pack, { model, report: passed }, { name: 'sentiment', variant: 'short' })).rejects.toThrow(
    '"Prompt variant" names "short", but the prompt\'s variants are flip, plain',
  );
});
