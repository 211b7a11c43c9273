/**
 * Sends every (variant, row) request with a concurrency limit, the response cache and retries.
 * A failure that concerns every row (wrong key, unknown model, no server) stops the batch and aborts
 * the requests in flight; a failure of one row (too long, timed out, garbled) is kept in that row.
 */
import { setMaxListeners } from 'node:events';
import type OpenAI from 'openai';
import { NodeError } from '../../engine/node-run.js';
import { chatWithRetries, explainFailure, type Connection } from './llm-client.js';
import { requestKey, type CachedReply, type ResponseCache } from './response-cache.js';
import type { RetryPolicy } from './retry.js';

export interface Job {
  row: number;
  variant: string;
  body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
}

export interface JobResult extends Partial<CachedReply> {
  cached: boolean;
  error?: string;
}

export interface BatchOptions {
  connection: Connection;
  client: OpenAI;
  cache: ResponseCache | undefined;
  refresh: boolean;
  concurrency: number;
  policy: RetryPolicy;
  signal: AbortSignal;
  onDone: (done: number, total: number) => void;
  log: (message: string) => void;
}

const FATAL = new Set(['LLM_KEY_REFUSED', 'LLM_MODEL_UNKNOWN', 'LLM_UNREACHABLE']);

async function runJob(job: Job, o: BatchOptions, signal: AbortSignal): Promise<JobResult> {
  const key = requestKey({ provider: o.connection.provider, baseUrl: o.connection.baseUrl, body: job.body as unknown as Record<string, unknown> });
  if (o.cache && !o.refresh) {
    const hit = await o.cache.get(key);
    if (hit) return { ...hit, cached: true };
  }
  const started = performance.now();
  const label = `row ${job.row + 1}, variant "${job.variant}"`;
  try {
    const reply = await chatWithRetries(o.client, job.body, o.policy, signal, (attempt, wait, status) =>
      o.log(`${label}: ${status ?? 'error'}, retry ${attempt} of ${o.policy.retries} in ${Math.round(wait)} ms`),
    );
    const result = { ...reply, latencyMs: Math.round(performance.now() - started) };
    if (o.cache) await o.cache.put(key, result);
    return { ...result, cached: false };
  } catch (err) {
    if (signal.aborted) throw signal.reason ?? err;
    const failure = await explainFailure(err, o.connection, o.client, label);
    if (FATAL.has(failure.code)) throw failure;
    o.log(failure.message);
    return { cached: false, error: failure.message, latencyMs: Math.round(performance.now() - started) };
  }
}

/** Results in the order of `jobs`. */
export async function runBatch(jobs: readonly Job[], o: BatchOptions): Promise<JobResult[]> {
  const results: JobResult[] = new Array(jobs.length);
  // One controller for the batch: a cancel or a failure of every row aborts the requests in flight.
  const batch = new AbortController();
  // Every request in flight and every retry wait listens on it.
  setMaxListeners(8 * o.concurrency + 20, batch.signal);
  const onAbort = () => batch.abort(o.signal.reason);
  o.signal.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let done = 0;
  let fatal: unknown;
  const worker = async () => {
    while (next < jobs.length && !batch.signal.aborted) {
      const i = next++;
      try {
        results[i] = await runJob(jobs[i], o, batch.signal);
      } catch (err) {
        if (!fatal) fatal = err;
        batch.abort(err);
        return;
      }
      o.onDone(++done, jobs.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, jobs.length) }, worker));
  } finally {
    o.signal.removeEventListener('abort', onAbort);
  }
  if (o.signal.aborted) throw new NodeError('NODE_CANCELLED', `cancelled after ${done} of ${jobs.length} requests; requests in flight were aborted`);
  if (fatal) throw fatal;
  return results;
}
