/**
 * Sends every (variant, row) request with a concurrency limit, the response cache and retries.
 * A failure that concerns every row (wrong key, unknown model, no server) stops the batch and aborts
 * the requests in flight; a failure of one row (too long, timed out, garbled) is kept in that row.
 */
import type OpenAI from 'openai';
import { chatWithRetries, explainFailure, type Connection } from '../shared/llm/llm-client.js';
import { requestKey, type CachedReply, type ResponseCache } from '../shared/llm/response-cache.js';
import type { RetryPolicy } from '../shared/llm/retry.js';
import { runPool } from '../shared/llm/pool.js';

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
  return runPool(jobs.length, o, (i, signal) => runJob(jobs[i], o, signal), 'requests');
}
