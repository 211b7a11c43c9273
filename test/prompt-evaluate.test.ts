/**
 * Prompt -> Evaluate -> Validate through the real CLI and engine, against the OpenAI-compatible
 * stand-in on 127.0.0.1. The accuracy figures are the stand-in's keyword rule, not a model's;
 * expected values from prompt-evaluate-reference.py (plain python over the same 200 sentences).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStandIn, type StandIn } from '../engine/testing/openai-stand-in.js';
import { jsonLines, pipeline, runCli, SHARED_DATA, tempDir, writeJson } from './testing/cli-harness.js';

let server: StandIn;
let dir: string;
beforeAll(async () => {
  server = await startStandIn();
  dir = tempDir('ls-prompt-eval-');
});
afterAll(async () => {
  await server.close();
});

const system = 'Classify the sentiment of the review. Answer positive or negative.';
const rule = (metricName: string, comparison: string, threshold: number) => ({
  metric: 'other',
  metricName,
  scope: 'overall',
  className: '',
  comparison,
  threshold,
});

function writeInputs(): string {
  const lines = readFileSync(join(SHARED_DATA, 'text', 'yelp_labelled.txt'), 'utf8')
    .split('\n')
    .slice(0, 200);
  const csv = lines.map((l) => {
    const [text, y] = l.split('\t');
    return `"${text.replaceAll('"', '""')}",${y === '1' ? 'positive' : 'negative'}`;
  });
  writeFileSync(join(dir, 'reviews.csv'), `text,label\n${csv.join('\n')}\n`);
  const prompt = {
    provider: 'compatible',
    baseUrl: server.baseURL,
    model: 'stand-in-small',
    apiKey: '',
    outputMode: 'label',
    labels: ['positive', 'negative'],
    concurrency: 8,
    prices: [{ model: 'stand-in-small', input: 1, output: 2 }],
    variants: [
      { name: 'plain', system, template: '{{text}}' },
      { name: 'great', system, template: 'Review: {{text}}\nWas it great?' },
    ],
  };
  const brief = [rule('accuracy_best', 'at-least', 0.85), rule('invalid_share_best', 'at-most', 0.02), rule('cost_per_1000_best', 'at-most', 0.5)];
  const lenient = [rule('accuracy_best', 'at-least', 0.69), rule('invalid_share_best', 'at-most', 0.02), rule('cost_per_1000_best', 'at-most', 0.5)];
  return writeJson(
    dir,
    'prompt-eval.pipeline.json',
    pipeline(
      [
        { id: 'imp', type: 'import-dataset', params: { path: join(dir, 'reviews.csv') } },
        { id: 'prompt', type: 'prompt', params: prompt },
        { id: 'eval', type: 'evaluate', params: { expected: 'label', check: 'label' } },
        { id: 'brief', type: 'validate-goals', params: { rules: brief } },
        { id: 'lenient', type: 'validate-goals', params: { rules: lenient } },
      ],
      [
        ['imp:table', 'prompt:table'],
        ['prompt:table', 'eval:scored'],
        ['eval:metrics', 'brief:metrics'],
        ['eval:metrics', 'lenient:metrics'],
      ],
    ),
  );
}

type Finished = {
  type: string;
  nodeId?: string;
  outputs?: Record<string, { metrics?: Record<string, number>; gate?: { passed: boolean; rules: { passed: boolean }[] } }>;
};

it('two variants classify 200 yelp sentences; Evaluate names the better one and Validate gates on its figures', async () => {
  const file = writeInputs();
  const r = await runCli(['run', file, '--json', '--workspace', join(dir, 'ws'), '--allow-path', dir]);
  const events = jsonLines(r.stdout) as Finished[];
  const done = (id: string) => events.find((e) => e.type === 'node-finished' && e.nodeId === id)?.outputs;
  const m = done('eval')?.metrics?.metrics;
  expect(m, r.stderr + r.stdout.slice(-2000)).toBeDefined();
  // Stand-in figures (prompt-evaluate-reference.py): plain 0.695, great 0.7; no invalid replies.
  expect([m!.accuracy_plain, m!.accuracy_great]).toEqual([0.695, 0.7]);
  expect([m!.best_variant, m!.accuracy_best, m!.invalid_share_best]).toEqual([1, 0.7, 0]);
  expect(m!.cost_per_1000_plain).toBeCloseTo(0.023455, 9);
  expect(m!.cost_per_1000_best).toBeCloseTo(0.027455, 9);
  // Only the accuracy rule fails: the CLI lists the failed rules of a closed gate, and exits 1.
  const said = (r.stdout + r.stderr)
    .split('\n')
    .filter((l) => !l.startsWith('{'))
    .join('\n');
  expect(said).toContain('Business-goal gate "brief" did not pass:\n  accuracy best is 0.7 (needs at least 0.85)\n');
  expect(said).not.toMatch(/invalid share best is|cost per 1000 best is/);
  expect(done('brief')?.report).toMatchObject({ text: 'Model card: gate failed' });
  expect(done('lenient')?.report).toMatchObject({ text: 'Model card: gate passed' });
  expect(r.code).toBe(1);
});
