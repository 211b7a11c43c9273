/**
 * A prompt (`PromptModelSpec`) as requests and answers: the chat body one row sends through one
 * variant, the parser of its replies, and its cost. The Prompt node and the model server both build
 * requests here, so a served prompt sends exactly what the node sent when it was evaluated.
 */
import type OpenAI from 'openai';
import { NodeError } from '../node-run.js';
import type { PromptModelSpec } from '../values.js';
import { jsonParser, labelParser, textParser, type ReplyParser } from './parse-reply.js';
import { buildMessages, type ChatMessage } from './template.js';

export type ChatBody = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
type ResponseFormat = OpenAI.Chat.ChatCompletionCreateParams['response_format'];

/** The reply parser of the spec's output mode, and the response format to ask the provider for (JSON mode). */
export function replyParserOf(spec: Pick<PromptModelSpec, 'outputMode' | 'labels' | 'jsonSchema'>): { parse: ReplyParser; responseFormat?: ResponseFormat } {
  if (spec.outputMode === 'label') {
    const labels = spec.labels ?? [];
    if (labels.length === 0)
      throw new NodeError('PROMPT_NO_LABELS', 'output mode is "one label" but the Labels list is empty', 'Add the labels the model may answer.');
    return { parse: labelParser(labels) };
  }
  if (spec.outputMode === 'json') {
    const { parse, schema } = jsonParser(spec.jsonSchema ?? '');
    return { parse, responseFormat: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: false } } };
  }
  return { parse: textParser };
}

/** The chat request for one row through one variant: system prompt, few-shot turns, the row; the spec's sampling. */
export function promptBody(
  spec: PromptModelSpec,
  variant: PromptModelSpec['variants'][number],
  row: Record<string, unknown>,
  responseFormat?: ResponseFormat,
): ChatBody {
  return {
    // A variant may ask its own model (a fine-tuned one); a server of the package sends what the node sent.
    model: variant.model ?? spec.model,
    temperature: spec.sampling.temperature,
    max_tokens: spec.sampling.maxTokens,
    ...(spec.sampling.seed !== undefined ? { seed: spec.sampling.seed } : {}),
    ...(responseFormat ? { response_format: responseFormat } : {}),
    messages: buildMessages(variant, row, spec.examples?.rows ?? [], spec.examples?.answerColumn ?? ''),
  };
}

/** Estimated cost in USD, or null without a price or token counts. */
export function costOf(price: PromptModelSpec['price'], tokensIn: number | null | undefined, tokensOut: number | null | undefined): number | null {
  if (!price || tokensIn === null || tokensIn === undefined || tokensOut === null || tokensOut === undefined) return null;
  return (tokensIn * price.input + tokensOut * price.output) / 1e6;
}

/** Messages as one text ("system: ...\nuser: ..."), as the prediction log keeps the rendered prompt. */
export function messagesText(messages: readonly ChatMessage[] | ChatBody['messages']): string {
  return messages.map((m) => `${m.role}: ${typeof m.content === 'string' ? m.content : JSON.stringify(m.content)}`).join('\n');
}
