/**
 * Samples that call a language model. No model runs here: base URLs are pointed at the OpenAI-compatible
 * stand-in (engine/testing/openai-stand-in.ts), whose keyword rule makes every figure the stand-in's.
 * The first `prepare` hook starts the stand-in; the test file closes it.
 */
import { expect } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { startStandIn, type StandIn } from '../../engine/testing/openai-stand-in.js';
import type { MetricsValue, ReportValue } from '../../engine/values.js';
import type { Expectations } from './harness.js';

let standIn: StandIn | undefined;
/** Closes the stand-in if a sample started it (the test file's cleanup). */
export async function closeStandIn(): Promise<void> {
  await standIn?.close();
  standIn = undefined;
}

async function toStandIn(doc: PipelineDocument): Promise<PipelineDocument> {
  standIn ??= await startStandIn();
  const baseURL = standIn.baseURL;
  return { ...doc, nodes: doc.nodes.map((n) => (n.type === 'prompt' || n.type === 'embed' ? { ...n, params: { ...n.params, baseUrl: baseURL } } : n)) };
}

/** The stand-in for the fine-tuning sample too: the job, polled without waiting, and the grader. */
async function fineTuneToStandIn(doc: PipelineDocument): Promise<PipelineDocument> {
  const pointed = await toStandIn(doc);
  const baseUrl = standIn!.baseURL;
  const params = (n: PipelineDocument['nodes'][number]) =>
    n.type === 'fine-tune' ? { baseUrl, pollSeconds: 0.001 } : n.type === 'evaluate' && n.params.gradeBaseUrl ? { gradeBaseUrl: baseUrl } : {};
  return { ...pointed, nodes: pointed.nodes.map((n) => ({ ...n, params: { ...n.params, ...params(n) } })) };
}

export const llmSamples: Expectations = {
  // restaurant_reviews.txt: 40 distinct reviews (20 positive), none empty (python3 csv): 40 vectors of the
  // stand-in's 4 elements; stratified 25% test = 5 + 5 = 10, train 30.
  'embeddings-custom-layer.pipeline.json': {
    rows: {
      import: { table: 40, rejects: 0 },
      labels: { output: 40 },
      embed: { table: 40 },
      split: { train: 30, test: 10, validation: 0 },
      score: { table: 10 },
    },
    columns: { embed: { table: 3 } },
    prepare: toStandIn,
    check: async (_engine, record) => {
      expect((record.nodes.evaluate.outputs?.metrics as MetricsValue).metrics.rows).toBe(10);
    },
  },
  // restaurant_reviews.txt: 40 reviews written for the sample, 20 positive. The stand-in's rule (python3
  // over the file with its keyword lists: more positive than negative words is positive) calls 11
  // positive with the plain template and 31 with "Review: ...\nWas it great?" (its "great" counts);
  // 29 and 27 of 40 right.
  'prompt-variants.pipeline.json': {
    rows: { import: { table: 40, rejects: 0 }, labels: { output: 40 }, prompt: { table: 40 } },
    columns: { prompt: { table: 2 + 2 * 9 } },
    prepare: toStandIn,
    check: async (engine, record) => {
      const profile = await engine.profile((record.nodes.prompt.outputs?.table as { table: string }).table, [
        'reply_plain',
        'reply_great',
        'valid_plain',
        'valid_great',
      ]);
      const counts = (i: number) => Object.fromEntries((profile.columns[i].topValues ?? []).map((t) => [t.value, t.count]));
      expect(counts(0)).toEqual({ positive: 11, negative: 29 });
      expect(counts(1)).toEqual({ positive: 31, negative: 9 });
      expect([profile.columns[2].missing, profile.columns[3].missing]).toEqual([0, 0]);
    },
  },
  // restaurant_reviews.txt: 40 reviews; rows 5, 10, ... 40 held out (8), the other 32 fine-tune the
  // stand-in. Held-out accuracy (nodes/fine-tune/fine-tune-reference.py `tuned` on this file, the
  // STAND-IN's rules): base 5 of 8, fine-tuned 6 of 8; in label mode the stand-in's grader passes
  // exactly the rows whose reply is the expected label, so the pass rates are the same.
  'fine-tune-variant.pipeline.json': {
    rows: { import: { table: 40, rejects: 0 }, train: { output: 32 }, test: { output: 8 }, prompt: { table: 8 } },
    prepare: fineTuneToStandIn,
    check: async (_engine, record) => {
      const m = (record.nodes.evaluate.outputs?.metrics as MetricsValue).metrics;
      expect([m.accuracy_base, m.accuracy_tuned, m.grade_pass_rate_base, m.grade_pass_rate_tuned]).toEqual([5 / 8, 6 / 8, 5 / 8, 6 / 8]);
      const report = record.nodes.tune.outputs?.report as ReportValue;
      expect(report.markdown).toContain('32 training examples in ');
    },
  },
};
