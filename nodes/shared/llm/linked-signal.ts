/**
 * One request's own abort signal, tied to a longer-lived one (a run's, a batch's) only while the
 * request lasts. The `openai` package adds an abort listener to the signal it is given and never
 * removes it, so passing the long-lived signal itself piles one listener per request on it.
 */
import { setMaxListeners } from 'node:events';

export async function withLinkedSignal<T>(signal: AbortSignal, request: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const child = new AbortController();
  // Retries of one request each leave a listener on it (up to "Retries" + 1, plus a wait's).
  setMaxListeners(32, child.signal);
  const onAbort = () => child.abort(signal.reason);
  if (signal.aborted) child.abort(signal.reason);
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await request(child.signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
