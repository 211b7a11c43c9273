/**
 * A prompt from variants to a monitored endpoint, headless, with real processes: the CLI runs
 * Prompt (two variants over all 1,000 yelp sentences) -> Evaluate -> two Validate gates -> Package
 * model -> Deploy against the OpenAI-compatible stand-in on 127.0.0.1; the lenient gate passes and
 * the better variant is packaged and served, the strict gate blocks its Package. The test then asks
 * the served prompt's /predict and monitors its prediction log. Accuracy and reply figures are the
 * stand-in's keyword rule, computed independently by test/prompt-serve-reference.py; token counts by awk.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPromptPackage } from '../engine/models/package/prompt-package.js';
import { createTestContext } from '../engine/testing/fake-context.js';
import { startStandIn, type StandIn } from '../engine/testing/openai-stand-in.js';
import { TEST_KEYS } from '../engine/testing/test-keys.fixture.js';
import type { MetricsValue, ModelValue, ReportValue } from '../engine/values.js';
import { ServiceManager } from '../hosts/shared/services/service-manager.js';
import { monitorRunner } from '../nodes/monitor/run.js';
import { validateGoalsRunner } from '../nodes/validate-goals/run.js';
import { jsonLines, pipeline, runCli, SHARED_DATA, tempDir, writeJson } from './testing/cli-harness.js';

const YELP = join(SHARED_DATA, 'text', 'yelp_labelled.txt');
const KEY = TEST_KEYS.openai;
const SYSTEM = 'Classify the sentiment of the review. Answer positive or negative.';
let standIn: StandIn;
let dir: string;
let manager: ServiceManager;

beforeAll(async () => {
  standIn = await startStandIn({ apiKey: KEY });
  dir = tempDir('ls-prompt-serve-');
  manager = new ServiceManager({ workspaceDir: join(dir, 'ws') });
});
afterAll(async () => {
  for (const s of (await manager?.list()) ?? []) if (s.status !== 'stopped') await manager.stop(s.id);
  await standIn?.close();
});

const rule = (metricName: string, comparison: string, threshold: number) => ({
  metric: 'other',
  metricName,
  scope: 'overall',
  className: '',
  comparison,
  threshold,
});

/** The file as CSV for the Import node: the sentence quoted (no quote occurs in it), the label as text. */
function writeReviews(): string {
  const lines = readFileSync(YELP, 'utf8').split('\n').filter(Boolean);
  const csv = lines.map((l) => {
    const [text, y] = l.split('\t');
    return `"${text.replaceAll('"', '""')}",${y === '1' ? 'positive' : 'negative'}`;
  });
  const path = join(dir, 'reviews.csv');
  writeFileSync(path, `text,label\n${csv.join('\n')}\n`);
  return path;
}

function writePipeline(): string {
  const prompt = {
    provider: 'compatible',
    baseUrl: standIn.baseURL,
    model: 'stand-in-small',
    apiKey: 'STAND_IN_KEY',
    outputMode: 'label',
    labels: ['positive', 'negative'],
    concurrency: 8,
    prices: [{ model: 'stand-in-small', input: 1, output: 2 }],
    variants: [
      { name: 'great', system: SYSTEM, template: 'Review: {{text}}\nWas it great?' },
      { name: 'plain', system: SYSTEM, template: '{{text}}' },
    ],
  };
  return writeJson(
    dir,
    'prompt-serve.pipeline.json',
    pipeline(
      [
        { id: 'imp', type: 'import-dataset', params: { path: writeReviews() } },
        { id: 'prompt', type: 'prompt', params: prompt },
        { id: 'eval', type: 'evaluate', params: { expected: 'label', check: 'label' } },
        { id: 'lenient', type: 'validate-goals', params: { rules: [rule('accuracy_best', 'at-least', 0.75), rule('invalid_share_best', 'at-most', 0.02)] } },
        { id: 'strict', type: 'validate-goals', params: { rules: [rule('accuracy_best', 'at-least', 0.85)] } },
        { id: 'package', type: 'package-model', params: { name: 'sentiment', stage: 'production' } },
        { id: 'package_strict', type: 'package-model', params: { name: 'sentiment-strict' } },
        { id: 'deploy', type: 'deploy', params: { port: 0 } },
      ],
      [
        ['imp:table', 'prompt:table'],
        ['prompt:table', 'eval:scored'],
        ['eval:metrics', 'lenient:metrics'],
        ['eval:metrics', 'strict:metrics'],
        ['prompt:model', 'package:model'],
        ['lenient:report', 'package:report'],
        ['eval:metrics', 'package:metrics'],
        ['prompt:model', 'package_strict:model'],
        ['strict:report', 'package_strict:report'],
        ['package:model', 'deploy:model'],
      ],
    ),
  );
}

type Event = { type: string; nodeId?: string; outputs?: Record<string, { metrics?: Record<string, number>; gate?: { passed: boolean }; text?: string }> };

async function logLines(logDir: string, n: number): Promise<string[]> {
  // The server writes its log in batches after answering: wait until all n records are there.
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const lines = (() => {
      try {
        return readFileSync(join(logDir, 'predictions.jsonl'), 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    })();
    if (lines.length >= n) return lines;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

it('two variants are evaluated, gated, the better one packaged, deployed, answered and monitored', async () => {
  const reference = JSON.parse(execFileSync('python3', [join(import.meta.dirname, 'prompt-serve-reference.py')], { encoding: 'utf8' })) as {
    accuracy_plain: number;
    accuracy_great: number;
    last30_plain: string[];
  };
  const r = await runCli(['run', writePipeline(), '--json', '--workspace', join(dir, 'ws'), '--allow-path', dir], { env: { STAND_IN_KEY: KEY } });
  const events = jsonLines(r.stdout) as Event[];
  const done = (id: string) => events.find((e) => e.type === 'node-finished' && e.nodeId === id)?.outputs;
  const m = done('eval')?.metrics?.metrics;
  expect(m, r.stderr + r.stdout.slice(-3000)).toBeDefined();
  // The stand-in's figures (prompt-serve-reference.py): plain 0.755, great 0.668.
  expect([m!.accuracy_plain, m!.accuracy_great]).toEqual([reference.accuracy_plain, reference.accuracy_great]);
  expect(done('lenient')?.report).toMatchObject({ text: 'Model card: gate passed' });
  expect(done('strict')?.report).toMatchObject({ text: 'Model card: gate failed' });
  // The strict gate blocks its Package; the run exits 1 as any failed gate makes it.
  expect(events.some((e) => e.type === 'node-blocked' && e.nodeId === 'package_strict')).toBe(true);
  expect(done('package_strict')).toBeUndefined();
  expect(r.code).toBe(1);

  // The better variant ("plain", second in the node) is the package, by the key's name only.
  const pkg = await readPromptPackage(join(dir, 'ws', 'models', 'sentiment', '1'));
  expect([pkg.prompt.variant, pkg.prompt.apiKeyName, pkg.manifest.inputSchema.required]).toEqual(['plain', 'STAND_IN_KEY', ['text']]);
  expect(readFileSync(join(dir, 'ws', 'models', 'sentiment', '1', 'prompt.json'), 'utf8')).not.toContain(KEY);

  // The endpoint answers: the last 30 sentences in three requests of 10.
  const [service] = (await manager.list()).filter((s) => s.status === 'running');
  expect(done('deploy')?.endpoint?.text).toBe(service.url);
  const sentences = readFileSync(YELP, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(-30)
    .map((l) => l.split('\t')[0]);
  const sentByNode = standIn.requests.length;
  const replies: string[] = [];
  for (let i = 0; i < 30; i += 10) {
    const res = await fetch(`${service.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: sentences.slice(i, i + 10).map((text) => ({ text })) }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: string; predictions: { reply: string; valid: boolean }[] };
    expect(body.version).toBe('1');
    expect(body.predictions.every((p) => p.valid)).toBe(true);
    replies.push(...body.predictions.map((p) => p.reply));
  }
  expect(replies).toEqual(reference.last30_plain);
  // The served prompt sends the very requests the Prompt node sent for these rows (one request body code, engine/llm).
  const nodeBodies = new Set(standIn.requests.slice(0, sentByNode).map((q) => JSON.stringify(q.body)));
  const served = standIn.requests.slice(sentByNode);
  expect(served).toHaveLength(30);
  expect(served.filter((q) => !nodeBodies.has(JSON.stringify(q.body)))).toEqual([]);
  expect(served.every((q) => q.authorization === `Bearer ${KEY}`)).toBe(true);

  // The Monitor over the endpoint's log. awk over the same 30 lines: 30 rows, 685 prompt tokens
  // (the system prompt's 10 words + each sentence's words); each reply is one word.
  await logLines(service.logDir, 3);
  const awk = execFileSync('sh', ['-c', `tail -n 30 '${YELP}' | awk -F'\\t' '{n+=split($1,a," ")+10} END{print NR, n}'`], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .map(Number);
  expect(awk).toEqual([30, 685]);
  const ctx = await createTestContext();
  try {
    const model: ModelValue = { kind: 'model', dir: pkg.dir, format: 'llm', task: 'text', prompt: pkg.prompt, summary: {} };
    const endpoint = { kind: 'endpoint' as const, url: service.url, routes: [], logDir: service.logDir, model: 'sentiment' };
    const out = await monitorRunner.run(ctx, { endpoint, model }, { window: 'all', timeWindows: 3 });
    const mm = (out.metrics as MetricsValue).metrics;
    expect([mm.rows, mm.requests, mm.invalid, mm.invalid_rate, mm.tokens_in, mm.tokens_out, mm.new_label_values]).toEqual([awk[0], 3, 0, 0, awk[1], 30, 0]);
    expect(mm.cost_total).toBeCloseTo((awk[1] * 1 + 30 * 2) / 1e6, 12);
    expect(mm.latency_mean_ms).toBeGreaterThan(0);
    const windows = await ctx.data.all<{ rows: number }>(`SELECT "rows" FROM "${(out.windows as { table: string }).table}"`);
    expect(windows.reduce((a, w) => a + Number(w.rows), 0)).toBe(30);
    // Its figures feed a Validate gate like any metrics.
    const gate = await validateGoalsRunner.run(ctx, { metrics: out.metrics }, { rules: [rule('invalid_rate', 'at-most', 0.02)] });
    expect((gate.report as ReportValue).gate?.passed).toBe(true);
    const strict = await validateGoalsRunner.run(ctx, { metrics: out.metrics }, { rules: [rule('cost_per_1000', 'at-most', 0.01)] });
    expect((strict.report as ReportValue).gate?.passed).toBe(false);
  } finally {
    ctx.data.close();
  }
});
