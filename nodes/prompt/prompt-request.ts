/**
 * What a Prompt node asks and how it reads the answer, shared by its run and its playground: the
 * reply parser of the output mode (with the provider's structured output for JSON), the sampling
 * params of every request, and one reply as the row's output cells.
 */
import type OpenAI from 'openai';
import type { ParamsOf } from '../../engine/node-def.js';
import type { ReplyParser } from '../../engine/llm/parse-reply.js';
import { costOf, replyParserOf } from '../../engine/llm/prompt-request.js';
import type { promptDef } from './def.js';
import type { JobResult } from './prompt-batch.js';
import type { VariantCell } from './output-table.js';
import type { RetryPolicy } from '../../engine/llm/retry.js';

type Params = ParamsOf<typeof promptDef>;
type ResponseFormat = OpenAI.Chat.ChatCompletionCreateParams['response_format'];

/** The node's reply parser, as the model server builds it from a package (engine/llm/prompt-request.ts). */
export function parserFor(params: Params): { parse: ReplyParser; responseFormat?: ResponseFormat } {
  return replyParserOf(params);
}

export function cellOf(result: JobResult, parse: ReplyParser, price: { input: number; output: number } | undefined): VariantCell {
  const parsed = result.content !== undefined && !result.error ? parse(result.content) : undefined;
  const tokensIn = result.tokensIn ?? null;
  const tokensOut = result.tokensOut ?? null;
  return {
    reply: parsed?.value ?? null,
    valid: parsed?.valid ?? false,
    raw: result.content ?? null,
    error: result.error ?? parsed?.problem ?? null,
    tokensIn,
    tokensOut,
    latencyMs: result.latencyMs ?? null,
    cost: costOf(price, tokensIn, tokensOut),
    cached: result.cached,
  };
}

/** Model and sampling params of every request of the node (the messages are added per row). */
export function samplingOf(params: Params, responseFormat: ResponseFormat | undefined) {
  return {
    model: params.model,
    temperature: params.temperature,
    max_tokens: params.maxTokens,
    ...(params.seed >= 0 ? { seed: params.seed } : {}),
    ...(responseFormat ? { response_format: responseFormat } : {}),
  };
}

/** The node's retries: its Retries param, backoff from 0.5 s doubling up to 30 s. */
export const retryPolicyOf = (params: Params): RetryPolicy => ({ retries: params.retries, baseMs: 500, maxMs: 30_000 });

/** The price table's row for the node's model, if any. */
export const priceOf = (params: Params) => params.prices.find((p) => p.model === params.model);
