/**
 * Fine-tune -> Prompt -> Evaluate on the yelp sentences: rows 5, 10, ... held out, the other 800
 * fine-tune the stand-in; a Prompt node sends the held-out rows to the base model and, in a second
 * variant, to the fine-tuned one. The figures are the STAND-IN's (a keyword rule, and for the
 * fine-tuned model the rule in stand-in-tuned-model.ts), recomputed by fine-tune-reference.py.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFakeContext, createTestContext, type FakeContext } from '../../engine/testing/fake-context.js';
import { startStandIn, type StandIn } from '../../engine/testing/openai-stand-in.js';
import type { MetricsValue, ModelValue, TableValue } from '../../engine/values.js';
import { evaluateRunner } from '../evaluate/run.js';
import { promptRunner } from '../prompt/run.js';
import { fineTuneParams, SENTIMENT_SYSTEM, YELP } from '../testing/fine-tune-kit.js';
import { promptParams, yelpTable } from '../testing/prompt-kit.js';
import { fineTuneRunner } from './run.js';

let server: StandIn;
let ctx: FakeContext;
beforeAll(async () => {
  server = await startStandIn();
  ctx = await createTestContext({ nodeId: 'yelp-fine-tune' });
});
afterAll(async () => {
  ctx.data.close();
  await server.close();
});

const node = (nodeId: string) => createFakeContext(ctx.data, { nodeId, workspaceDir: ctx.workspaceDir });

it('the fine-tuned variant beats the base model on held-out yelp rows (stand-in figures)', async () => {
  await yelpTable(ctx, YELP);
  const part = async (name: string, held: boolean) => {
    await ctx.data.run(
      `CREATE TABLE ${name} AS SELECT text, label FROM (SELECT *, row_number() OVER (ORDER BY rowid) AS n FROM yelp) WHERE (n % 5 = 0) = ${held} ORDER BY n`,
    );
    return ctx.data.describe(name);
  };
  const train: TableValue = await part('train', false);
  const test: TableValue = await part('test', true);
  const tuned = (await fineTuneRunner.run(node('tune'), { table: train }, fineTuneParams(server.baseURL))).model as ModelValue;
  expect(tuned.fineTune?.model).toBe('ft:stand-in-small:stand-in::ftjob-2');
  const variants = [
    { name: 'base', system: SENTIMENT_SYSTEM, template: '{{text}}' },
    { name: 'tuned', system: SENTIMENT_SYSTEM, template: '{{text}}', model: 'fine-tuned' },
  ];
  const prompted = await promptRunner.run(
    node('prompt'),
    { table: test, tuned },
    promptParams(server.baseURL, { variants, outputMode: 'label', labels: ['positive', 'negative'], concurrency: 8 }),
  );
  const chats = server.requests.filter((r) => r.path.endsWith('/chat/completions'));
  expect(new Set(chats.map((r) => r.body.model))).toEqual(new Set(['stand-in-small', 'ft:stand-in-small:stand-in::ftjob-2']));
  const metrics = (
    (await evaluateRunner.run(node('evaluate'), { scored: prompted.table as TableValue, compare: undefined }, { expected: 'label', check: 'label' }))
      .metrics as MetricsValue
  ).metrics;
  const expected = JSON.parse(execFileSync('python3', [join(import.meta.dirname, 'fine-tune-reference.py'), 'tuned', YELP], { encoding: 'utf8' }));
  // python: 200 held-out rows; the keyword rule gets 149 right, the "fine-tuned" rule 169.
  expect(expected).toEqual({ rows: 200, base: 149, tuned: 169 });
  expect(metrics.accuracy_base).toBeCloseTo(expected.base / expected.rows, 12);
  expect(metrics.accuracy_tuned).toBeCloseTo(expected.tuned / expected.rows, 12);
  expect(metrics.best_variant).toBe(1);
  const spec = (prompted.model as ModelValue).prompt!;
  expect(spec.variants.map((v) => v.model)).toEqual([undefined, 'ft:stand-in-small:stand-in::ftjob-2']);
});

it('a variant asking for the fine-tuned model without one connected says what to connect', async () => {
  const table = await ctx.data.describe('test');
  const params = promptParams(server.baseURL, { variants: [{ name: 'tuned', system: '', template: '{{text}}', model: 'fine-tuned' }] });
  await expect(promptRunner.run(node('p2'), { table }, params)).rejects.toThrow(
    'variant "tuned" asks for the fine-tuned model, but nothing is connected to the "Fine-tuned model" input',
  );
});
