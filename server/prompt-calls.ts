/**
 * Answers the rows of one request with a served prompt: each row rendered into the packaged
 * variant's messages, sent to the provider (a few at once, 429 and 5xx retried with backoff),
 * its reply parsed (label matched, or JSON validated with ajv). A row whose call fails is answered
 * invalid with the error; a provider refusing the key fails the whole request (ProviderRefused).
 */
import OpenAI from 'openai';
import { chatWithRetries } from '../engine/llm/chat.js';
import { costOf, messagesText, promptBody } from '../engine/llm/prompt-request.js';
import type { ServedPrompt } from './prompt-served.js';

export interface PromptAnswer {
  reply: string | null;
  valid: boolean;
  raw: string | null;
  error: string | null;
  tokens_in: number | null;
  tokens_out: number | null;
  cost: number | null;
  latency_ms: number;
}

/** What the prediction log keeps per row besides the answer: the rendered prompt. */
export interface LoggedAnswer extends PromptAnswer {
  prompt: string;
}

export class ProviderRefused extends Error {}

const CONCURRENCY = 4;
const POLICY = { retries: 3, baseMs: 500, maxMs: 10_000 };

async function answerRow(served: ServedPrompt, row: Record<string, unknown>, signal: AbortSignal): Promise<LoggedAnswer> {
  const body = promptBody(served.prompt, served.variant, row, served.responseFormat);
  const prompt = messagesText(body.messages);
  const started = performance.now();
  try {
    const reply = await chatWithRetries(served.client, body, POLICY, signal, () => undefined);
    const parsed = served.parse(reply.content);
    return {
      reply: parsed.value,
      valid: parsed.valid,
      raw: reply.content,
      error: parsed.problem ?? null,
      tokens_in: reply.tokensIn,
      tokens_out: reply.tokensOut,
      cost: costOf(served.prompt.price, reply.tokensIn, reply.tokensOut),
      latency_ms: Math.round((performance.now() - started) * 1000) / 1000,
      prompt,
    };
  } catch (err) {
    if (err instanceof OpenAI.AuthenticationError)
      throw new ProviderRefused(
        `the provider ${served.connection.baseUrl} refused the key in environment variable ${served.connection.apiKeyName || '(none)'} on the serving machine (401); set it to a valid key and restart the server.`,
      );
    const latency = Math.round((performance.now() - started) * 1000) / 1000;
    const error =
      err instanceof OpenAI.APIError ? `the provider answered ${err.status}: ${err.message}` : `the provider call failed: ${(err as Error).message}`;
    return { reply: null, valid: false, raw: null, error, tokens_in: null, tokens_out: null, cost: null, latency_ms: latency, prompt };
  }
}

/** Answers in row order. */
export async function answerRows(served: ServedPrompt, rows: readonly Record<string, unknown>[], signal: AbortSignal): Promise<LoggedAnswer[]> {
  const out: LoggedAnswer[] = new Array(rows.length);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const i = next++;
      out[i] = await answerRow(served, rows[i], signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
  return out;
}
