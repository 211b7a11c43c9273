/**
 * Retries on 429 and 5xx with exponential backoff and full jitter, honouring the server's
 * Retry-After (seconds or an HTTP date) when it asks for longer. Waits end early on abort.
 */
export interface RetryPolicy {
  retries: number;
  /** First backoff in ms; doubles each attempt, capped at `maxMs`. */
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

export function isRetryable(status: number | undefined): boolean {
  return status === 429 || (status !== undefined && status >= 500 && status < 600);
}

/** Retry-After as milliseconds, or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before attempt `attempt + 1` (attempt counts from 0). */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfter: number | undefined): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  const jittered = (policy.random ?? Math.random)() * cap;
  return retryAfter !== undefined ? Math.max(retryAfter, jittered) : jittered;
}

export function waitMs(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
