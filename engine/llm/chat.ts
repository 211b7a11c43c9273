/**
 * One chat request through the official `openai` package, with our own retries (the package's are
 * off, so backoff, jitter and Retry-After are ours and tested). Shared by the LLM nodes and the model
 * server, which serves a prompt package with the same requests the Prompt node sent.
 */
import OpenAI, { AzureOpenAI } from 'openai';
import { backoffMs, isRetryable, retryAfterMs, waitMs, type RetryPolicy } from './retry.js';

export interface Connection {
  provider: 'openai' | 'azure' | 'compatible';
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
  apiKeyName: string;
  azureApiVersion: string;
  timeoutMs: number;
}

export interface ChatReply {
  content: string;
  tokensIn: number;
  tokensOut: number;
}

export function createClient(c: Connection): OpenAI {
  // A local server without keys still needs a non-empty key for the package.
  const apiKey = c.apiKey || 'none';
  const common = { apiKey, maxRetries: 0, timeout: c.timeoutMs };
  if (c.provider === 'azure') return new AzureOpenAI({ ...common, endpoint: c.baseUrl, apiVersion: c.azureApiVersion, deployment: c.model });
  return new OpenAI({ ...common, baseURL: c.baseUrl });
}

function status(err: unknown): number | undefined {
  return err instanceof OpenAI.APIError ? err.status : undefined;
}

/** Runs `call` (one request), retrying 429 and 5xx with backoff; throws the raw error of the last attempt. */
export async function withRetries<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
  onRetry: (attempt: number, waitMs: number, status: number | undefined) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (signal.aborted || !isRetryable(status(err)) || attempt >= policy.retries) throw err;
      const after = retryAfterMs((err as InstanceType<typeof OpenAI.APIError>).headers?.get?.('retry-after'));
      const wait = backoffMs(policy, attempt, after);
      onRetry(attempt + 1, wait, status(err));
      await waitMs(wait, signal);
    }
  }
}

/** Sends one chat request, retrying 429 and 5xx; throws the raw error of the last attempt. */
export async function chatWithRetries(
  client: OpenAI,
  body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
  policy: RetryPolicy,
  signal: AbortSignal,
  onRetry: (attempt: number, waitMs: number, status: number | undefined) => void,
): Promise<ChatReply> {
  const completion = await withRetries(() => client.chat.completions.create(body, { signal }), policy, signal, onRetry);
  return {
    content: completion.choices[0]?.message?.content ?? '',
    tokensIn: completion.usage?.prompt_tokens ?? 0,
    tokensOut: completion.usage?.completion_tokens ?? 0,
  };
}
