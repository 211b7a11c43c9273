/**
 * Gets a vector for each distinct text: from the workspace cache (keyed by provider, base URL,
 * model and the text; never the key), else from the embeddings endpoint, many texts per request,
 * with the Prompt node's retries, concurrency, cancel and error messages.
 */
import type OpenAI from 'openai';
import { NodeError } from '../../engine/node-run.js';
import { explainFailure, withRetries, type Connection } from '../shared/llm/llm-client.js';
import { runPool } from '../shared/llm/pool.js';
import { requestKey, type ResponseCache } from '../shared/llm/response-cache.js';
import type { RetryPolicy } from '../shared/llm/retry.js';

interface CachedVector {
  vector: number[];
}

export interface EmbedOptions {
  connection: Connection;
  client: OpenAI;
  cache: ResponseCache | undefined;
  refresh: boolean;
  batchSize: number;
  concurrency: number;
  policy: RetryPolicy;
  signal: AbortSignal;
  onDone: (done: number, total: number) => void;
  log: (message: string) => void;
}

export interface EmbedResult {
  vectors: Map<string, number[]>;
  requests: number;
  fromCache: number;
  tokens: number;
}

function keyOf(c: Connection, text: string): string {
  return requestKey({ provider: c.provider, baseUrl: c.baseUrl, body: { endpoint: 'embeddings', model: c.model, input: text } });
}

async function sendBatch(texts: string[], o: EmbedOptions, signal: AbortSignal, label: string): Promise<{ vectors: number[][]; tokens: number }> {
  try {
    const reply = await withRetries(
      () => o.client.embeddings.create({ model: o.connection.model, input: texts, encoding_format: 'float' }, { signal }),
      o.policy,
      signal,
      (attempt, wait, status) => o.log(`${label}: ${status ?? 'error'}, retry ${attempt} of ${o.policy.retries} in ${Math.round(wait)} ms`),
    );
    const vectors: number[][] = new Array(texts.length);
    for (const d of reply.data) vectors[d.index] = d.embedding;
    const lacking = vectors.findIndex((v) => !Array.isArray(v));
    if (lacking >= 0 || reply.data.length !== texts.length)
      throw new NodeError(
        'EMBED_SHORT_REPLY',
        `${label}: the server sent ${reply.data.length} vectors for ${texts.length} texts`,
        'The server is not OpenAI-compatible for embeddings; lower "Texts per request" or check the server.',
      );
    return { vectors, tokens: reply.usage?.prompt_tokens ?? 0 };
  } catch (err) {
    if (signal.aborted || err instanceof NodeError) throw signal.aborted ? (signal.reason ?? err) : err;
    // One request carries many rows: any failure left after the retries stops the node.
    throw await explainFailure(err, o.connection, o.client, label);
  }
}

/** Vectors for `texts` (distinct, non-empty). */
export async function embedTexts(texts: readonly string[], o: EmbedOptions): Promise<EmbedResult> {
  const vectors = new Map<string, number[]>();
  const missing: string[] = [];
  for (const text of texts) {
    const hit = o.cache && !o.refresh ? await o.cache.get<CachedVector>(keyOf(o.connection, text)) : undefined;
    if (hit) vectors.set(text, hit.vector);
    else missing.push(text);
  }
  const batches: string[][] = [];
  for (let i = 0; i < missing.length; i += o.batchSize) batches.push(missing.slice(i, i + o.batchSize));
  const replies = await runPool(
    batches.length,
    o,
    async (i, signal) => {
      const reply = await sendBatch(batches[i], o, signal, `request ${i + 1} of ${batches.length} (${batches[i].length} texts)`);
      // Cached as each request returns, so a run stopped later still keeps what it paid for.
      if (o.cache) for (const [j, text] of batches[i].entries()) await o.cache.put<CachedVector>(keyOf(o.connection, text), { vector: reply.vectors[j] });
      return reply;
    },
    'requests',
  );
  let tokens = 0;
  for (const [i, reply] of replies.entries()) {
    tokens += reply.tokens;
    for (const [j, text] of batches[i].entries()) vectors.set(text, reply.vectors[j]);
  }
  return { vectors, requests: batches.length, fromCache: texts.length - missing.length, tokens };
}
