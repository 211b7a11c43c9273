/**
 * Upload and fine-tuning job through the official `openai` package: the training file goes up with
 * purpose fine-tune, the job starts, and its status is polled (the wait grows by half after each
 * check, up to 5 minutes) with the provider's steps as progress. A cancel of the run cancels the job
 * at the provider too, so nobody pays for a model nobody waits for.
 */
import { createReadStream } from 'node:fs';
import OpenAI from 'openai';
import { NodeError, type RunContext } from '../../engine/node-run.js';
import { explainFailure, safeHost, withRetries, type Connection } from '../shared/llm/llm-client.js';
import { withLinkedSignal } from '../shared/llm/linked-signal.js';
import { waitMs, type RetryPolicy } from '../shared/llm/retry.js';
import type { TrainingFiles } from './training-file.js';

export interface JobOptions {
  connection: Connection;
  client: OpenAI;
  policy: RetryPolicy;
  pollMs: number;
  suffix: string;
  epochs: number;
}

type Job = OpenAI.FineTuning.Jobs.FineTuningJob;
const MAX_POLL_MS = 300_000;

export function providerName(c: Connection): string {
  if (c.provider === 'openai') return `OpenAI (${safeHost(c.baseUrl)})`;
  if (c.provider === 'azure') return `Azure OpenAI (${safeHost(c.baseUrl)})`;
  return `the OpenAI-compatible server at ${safeHost(c.baseUrl)}`;
}

/** A 404 (or 405, 501) on the files or jobs route: this provider does not fine-tune. */
function unsupported(err: unknown, c: Connection, route: string, files: TrainingFiles): NodeError | undefined {
  if (!(err instanceof OpenAI.APIError) || ![404, 405, 501].includes(err.status ?? 0)) return undefined;
  return new NodeError(
    'FINE_TUNE_UNSUPPORTED',
    `${providerName(c)} does not offer fine-tuning (${err.status} on ${route}); the training file was still written: ${files.training.path}${files.validation ? ` (validation: ${files.validation.path})` : ''}`,
    'Fine-tune with a provider that offers it (OpenAI, Azure OpenAI) by pointing Base URL there, upload the file yourself, or set Action to "Only write the JSONL file".',
  );
}

async function call<T>(
  ctx: RunContext,
  o: JobOptions,
  what: string,
  files: TrainingFiles,
  route: string,
  request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await withRetries(
      () => withLinkedSignal(ctx.signal, request),
      o.policy,
      ctx.signal,
      (attempt, wait, status) => ctx.log('warn', `${what}: ${status ?? 'error'}, retry ${attempt} of ${o.policy.retries} in ${Math.round(wait)} ms`),
    );
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    throw unsupported(err, o.connection, route, files) ?? (await explainFailure(err, o.connection, o.client, what));
  }
}

/** Uploads the files and starts the job; returns the job as created. */
export async function startJob(ctx: RunContext, o: JobOptions, files: TrainingFiles): Promise<Job> {
  const upload = async (path: string, name: string) => {
    const file = await call(ctx, o, `uploading ${name}`, files, '/files', (signal) =>
      o.client.files.create({ file: createReadStream(path), purpose: 'fine-tune' }, { signal }),
    );
    ctx.log('info', `uploaded ${name} to ${providerName(o.connection)} as ${file.id}`);
    return file.id;
  };
  const trainingFile = await upload(files.training.path, 'training.jsonl');
  const validationFile = files.validation ? await upload(files.validation.path, 'validation.jsonl') : undefined;
  ctx.progress(0.05, 'training file uploaded; starting the fine-tuning job');
  const job = await call(ctx, o, 'starting the fine-tuning job', files, '/fine_tuning/jobs', (signal) =>
    o.client.fineTuning.jobs.create(
      {
        model: o.connection.model,
        training_file: trainingFile,
        ...(validationFile ? { validation_file: validationFile } : {}),
        ...(o.suffix ? { suffix: o.suffix } : {}),
        ...(o.epochs > 0 ? { method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: o.epochs } } } } : {}),
      },
      { signal },
    ),
  );
  ctx.log('info', `fine-tuning job ${job.id} started on ${o.connection.model}`);
  return job;
}

/** The newest step the provider reported (metrics events carry step and total_steps). */
async function latestStep(ctx: RunContext, o: JobOptions, job: Job, seen: Set<string>): Promise<{ step: number; total: number } | undefined> {
  const page = await withLinkedSignal(ctx.signal, (signal) => o.client.fineTuning.jobs.listEvents(job.id, { limit: 20 }, { signal }));
  for (const e of [...page.data].reverse()) {
    if (!seen.has(e.id)) ctx.log(e.level === 'error' ? 'error' : 'info', `job ${job.id}: ${e.message}`);
    seen.add(e.id);
  }
  const data = page.data.find((e) => e.type === 'metrics')?.data as { step?: number; total_steps?: number } | undefined;
  return data?.step !== undefined && data.total_steps ? { step: data.step, total: data.total_steps } : undefined;
}

const STATUS_FRACTION: Partial<Record<Job['status'], number>> = { validating_files: 0.1, queued: 0.15, running: 0.2, succeeded: 0.95 };

function report(ctx: RunContext, job: Job, step: { step: number; total: number } | undefined): void {
  if (job.status === 'running' && step) ctx.progress(0.2 + (0.75 * step.step) / step.total, `job ${job.id}: running, step ${step.step} of ${step.total}`);
  else ctx.progress(STATUS_FRACTION[job.status] ?? 0.1, `job ${job.id}: ${job.status.replace('_', ' ')}`);
}

/** Polls until the job ends; returns the fine-tuned model's name. A cancel of the run cancels the job. */
export async function waitForJob(ctx: RunContext, o: JobOptions, created: Job): Promise<string> {
  let job = created;
  let delay = o.pollMs;
  const seen = new Set<string>();
  try {
    for (;;) {
      const step = job.status === 'running' ? await latestStep(ctx, o, job, seen) : undefined;
      report(ctx, job, step);
      if (job.status === 'succeeded' && job.fine_tuned_model) return job.fine_tuned_model;
      if (job.status === 'failed' || job.status === 'cancelled' || job.status === 'succeeded') throw jobEnded(job, o.connection);
      await waitMs(delay, ctx.signal);
      delay = Math.min(MAX_POLL_MS, delay * 1.5);
      const id = job.id;
      job = await withRetries(
        () => withLinkedSignal(ctx.signal, (signal) => o.client.fineTuning.jobs.retrieve(id, { signal })),
        o.policy,
        ctx.signal,
        (attempt, wait, status) => ctx.log('warn', `checking job ${job.id}: ${status ?? 'error'}, retry ${attempt} in ${Math.round(wait)} ms`),
      );
    }
  } catch (err) {
    if (!ctx.signal.aborted) throw err instanceof NodeError ? err : await explainFailure(err, o.connection, o.client, `checking fine-tuning job ${job.id}`);
    await cancelJob(ctx, o, job.id);
    throw new NodeError('NODE_CANCELLED', `cancelled; fine-tuning job ${job.id} was cancelled at ${providerName(o.connection)}`);
  }
}

function jobEnded(job: Job, c: Connection): NodeError {
  if (job.status === 'cancelled')
    return new NodeError('FINE_TUNE_CANCELLED', `fine-tuning job ${job.id} was cancelled at ${providerName(c)}`, 'Run the node again to start a new job.');
  const why = job.error ? `${job.error.message}${job.error.code ? ` (${job.error.code})` : ''}` : 'no reason given';
  return new NodeError(
    'FINE_TUNE_FAILED',
    `fine-tuning job ${job.id} ${job.status === 'failed' ? 'failed' : 'ended without a model'} at ${providerName(c)}: ${why}`,
    job.error?.param === 'training_file' ? 'Fix the training examples (see the message), then run again.' : 'See the message; run again to start a new job.',
  );
}

async function cancelJob(ctx: RunContext, o: JobOptions, id: string): Promise<void> {
  try {
    // The run's signal is aborted: this last request gets its own bounded time.
    await o.client.fineTuning.jobs.cancel(id, { signal: AbortSignal.timeout(o.connection.timeoutMs) });
    ctx.log('info', `fine-tuning job ${id} cancelled at ${providerName(o.connection)}`);
  } catch (err) {
    ctx.log('error', `could not cancel fine-tuning job ${id} (${(err as Error).message}); cancel it in the provider's console`);
  }
}
