/**
 * Runs the Fine-tune node: writes the JSONL training file (training-file.ts), then unless the action
 * is export only, uploads it and waits for the fine-tuning job (job.ts). Outputs the fine-tuned model
 * (its name in `fineTune.model`) and a report of the files and the rows left out.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { defineRunner } from '../../engine/node-run.js';
import type { FineTuneSpec, ModelValue, ReportValue } from '../../engine/values.js';
import { connectionOf, createClient } from '../shared/llm/llm-client.js';
import { fineTuneDef } from './def.js';
import { providerName, startJob, waitForJob } from './job.js';
import { describeFiles, writeTrainingFiles, type TrainingFiles } from './training-file.js';

function reportOf(files: TrainingFiles, lines: string[]): ReportValue {
  const file = (f: { path: string }, name: string) => ({ name, path: f.path, mediaType: 'application/jsonl' });
  return {
    kind: 'report',
    title: 'Fine-tuning files',
    files: [file(files.training, 'training.jsonl'), ...(files.validation ? [file(files.validation, 'validation.jsonl')] : [])],
    markdown: lines.map((l) => `- ${l}`).join('\n'),
  };
}

export const fineTuneRunner = defineRunner(fineTuneDef, async (ctx, inputs, params) => {
  const connection = connectionOf(ctx, params);
  const files = await writeTrainingFiles(ctx, inputs.table, params);
  const lines = describeFiles(files, params.answerColumn);
  for (const line of lines) ctx.log(line.includes('left out') ? 'warn' : 'info', line);
  let job: { id: string; model: string } | undefined;
  if (params.action === 'train') {
    ctx.log('info', `fine-tuning ${params.model} at ${providerName(connection)}`);
    const o = {
      connection,
      client: createClient(connection),
      policy: { retries: params.retries, baseMs: 500, maxMs: 30_000 },
      pollMs: params.pollSeconds * 1000,
      suffix: params.suffix,
      epochs: params.epochs,
    };
    const created = await startJob(ctx, o, files);
    job = { id: created.id, model: await waitForJob(ctx, o, created) };
    lines.push(`job ${job.id} succeeded: model ${job.model}`);
    ctx.log('info', `fine-tuned model: ${job.model}`);
  }
  const spec: FineTuneSpec = {
    provider: params.provider,
    baseUrl: params.baseUrl,
    baseModel: params.model,
    model: job?.model ?? null,
    jobId: job?.id ?? null,
    trainingFile: files.training.path,
    ...(files.validation ? { validationFile: files.validation.path } : {}),
  };
  await writeFileAtomic(join(ctx.artifactDir, 'fine-tune.json'), `${JSON.stringify(spec, null, 2)}\n`);
  const model: ModelValue = {
    kind: 'model',
    dir: ctx.artifactDir,
    format: 'llm',
    task: 'text',
    fineTune: spec,
    summary: { provider: spec.provider, base: spec.baseModel, model: spec.model ?? '(not trained: export only)', examples: files.training.examples },
  };
  ctx.progress(1, job ? `fine-tuned model ${job.model}` : `${files.training.examples} examples written`);
  return { model, report: reportOf(files, lines) };
});
