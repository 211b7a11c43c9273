/**
 * The one stand-in the project allows for a language model: an OpenAI-compatible HTTP server on
 * 127.0.0.1 that answers deterministically. Its "model" is a keyword rule, so any accuracy measured
 * through it is the stand-in's, never a model's. Tests queue faults (429 with Retry-After, 500,
 * a reply that never comes, malformed JSON, a slow reply) and count the requests it received.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FineTuneStandIn } from './openai-stand-in-fine-tune.js';
import { standInGrade } from './stand-in-grader.js';

export const STAND_IN_MODELS = ['stand-in-small', 'stand-in-large'] as const;

/** The keyword lists of the classifier; tests recompute its figures with the same lists (python, awk). */
export const POSITIVE_WORDS = [
  'good',
  'great',
  'love',
  'loved',
  'excellent',
  'amazing',
  'best',
  'nice',
  'delicious',
  'friendly',
  'awesome',
  'perfect',
  'recommend',
];
export const NEGATIVE_WORDS = ['bad', 'not', 'never', 'worst', 'terrible', 'awful', 'disappointed', 'poor', 'rude', 'horrible', 'slow', 'bland', 'no'];

export type Fault = { kind: '429'; retryAfterSeconds?: number } | { kind: '500' } | { kind: 'hang' } | { kind: 'malformed' } | { kind: 'slow'; ms: number };

export interface StandInRequest {
  path: string;
  /** The query string without '?' (Azure's api-version). */
  query: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface StandInOptions {
  /** The key the server accepts (Bearer or api-key header); anything else is a 401. */
  apiKey?: string;
  /** Tokens (words) a request may hold before a context-length error. */
  maxContextTokens?: number;
  /** Address to listen on; 127.0.0.1 unless a test needs a non-loopback one (the host-trust tests). */
  host?: string;
  /** false: no files or fine-tuning routes (404 there), as on a server that does not fine-tune. */
  fineTuning?: boolean;
}

export interface StandIn {
  baseURL: string;
  port: number;
  /** Every request received, in order of arrival (faulted ones included). */
  requests: StandInRequest[];
  /** Requests whose connection the client closed before an answer (a cancel or a timeout). */
  aborted: number;
  /** The most requests it held unanswered at once. */
  maxInFlight: number;
  /** Emits 'request' on each arrival and 'aborted' when a client closes a pending request. */
  events: EventEmitter;
  /** Queue faults: each applies to one next chat or embeddings request, in order. */
  inject(...faults: Fault[]): void;
  /** Its files and fine-tuning jobs (openai-stand-in-fine-tune.ts): script the next job, watch status changes. */
  fineTune: FineTuneStandIn;
  close(): Promise<void>;
}

/** Whitespace-separated words: the stand-in's notion of a token. */
export function standInTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The keyword rule: more positive than negative words is positive, otherwise negative. */
export function standInSentiment(text: string): 'positive' | 'negative' {
  const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
  let score = 0;
  for (const w of words) {
    if (POSITIVE_WORDS.includes(w)) score += 1;
    if (NEGATIVE_WORDS.includes(w)) score -= 1;
  }
  return score > 0 ? 'positive' : 'negative';
}

interface ChatMessage {
  role: string;
  content: string;
}

function replyText(messages: ChatMessage[], responseFormat: unknown): string {
  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const all = messages.map((m) => m.content).join('\n');
  const grade = standInGrade(all);
  if (grade !== undefined) return grade;
  const label = standInSentiment(last);
  const format = responseFormat as { type?: string; json_schema?: { schema?: { properties?: Record<string, { type?: string }> } } } | undefined;
  if (format?.type === 'json_schema') {
    const props = format.json_schema?.schema?.properties ?? {};
    const obj: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(props))
      obj[name] = spec.type === 'number' || spec.type === 'integer' ? standInTokens(last) : spec.type === 'boolean' ? label === 'positive' : label;
    return JSON.stringify(obj);
  }
  if (/json/i.test(all)) return JSON.stringify({ sentiment: label });
  if (/sentiment|positive or negative/i.test(all)) return label === 'positive' ? 'Positive.' : 'Negative';
  return `You said: ${last}`;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function errorBody(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Starts the stand-in on 127.0.0.1 at a free port. */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const faults: Fault[] = [];
  const events = new EventEmitter();
  const state = { aborted: 0, inFlight: 0, maxInFlight: 0 };
  const requests: StandInRequest[] = [];
  const maxContext = options.maxContextTokens ?? 4096;
  const fineTune = new FineTuneStandIn(STAND_IN_MODELS);

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').replace(/\?.*$/, '');
    if (options.fineTuning === false && FineTuneStandIn.handles(path)) {
      req.resume();
      requests.push({ path, query: '', body: {}, authorization: req.headers.authorization });
      return send(res, 404, errorBody(`no route ${path}`, 'invalid_request_error', null));
    }
    if (FineTuneStandIn.handles(path)) {
      const auth = req.headers.authorization ?? (req.headers['api-key'] as string | undefined);
      return fineTune.answer(req, res, path, send, (body) => {
        requests.push({ path, query: (req.url ?? '').split('?')[1] ?? '', body, authorization: auth });
        events.emit('request', path);
        return !options.apiKey || auth === `Bearer ${options.apiKey}` || auth === options.apiKey;
      });
    }
    const body = req.method === 'POST' ? await readBody(req) : {};
    const authorization = req.headers.authorization ?? (req.headers['api-key'] as string | undefined);
    requests.push({ path, query: (req.url ?? '').split('?')[1] ?? '', body, authorization });
    events.emit('request', path);
    if (options.apiKey && authorization !== `Bearer ${options.apiKey}` && authorization !== options.apiKey) {
      return send(res, 401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    if (path.endsWith('/models') && req.method === 'GET') {
      return send(res, 200, { object: 'list', data: STAND_IN_MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'stand-in' })) });
    }
    const isChat = path.endsWith('/chat/completions');
    const isEmbed = path.endsWith('/embeddings');
    if (!isChat && !isEmbed) return send(res, 404, errorBody(`no route ${path}`, 'invalid_request_error', null));
    const model = String(body.model ?? '');
    if (!(STAND_IN_MODELS as readonly string[]).includes(model) && !fineTune.hasModel(model)) {
      return send(res, 404, errorBody(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'));
    }
    const fault = faults.shift();
    if (fault?.kind === '429')
      return send(res, 429, errorBody('Rate limit reached.', 'requests', 'rate_limit_exceeded'), { 'retry-after': String(fault.retryAfterSeconds ?? 1) });
    if (fault?.kind === '500') return send(res, 500, errorBody('The server had an error.', 'server_error', null));
    if (fault?.kind === 'hang') return; // never answers; the client's abort or timeout closes it
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    if (isEmbed) return embed(res, body);
    const messages = (body.messages ?? []) as ChatMessage[];
    const promptTokens = standInTokens(messages.map((m) => m.content).join(' '));
    if (promptTokens > maxContext) {
      return send(
        res,
        400,
        errorBody(
          `This model's maximum context length is ${maxContext} tokens. However, your messages resulted in ${promptTokens} tokens.`,
          'invalid_request_error',
          'context_length_exceeded',
        ),
      );
    }
    const user = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const content = fineTune.tunedAnswer(model, user) ?? replyText(messages, body.response_format);
    const completion = {
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: 0,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: promptTokens, completion_tokens: standInTokens(content), total_tokens: promptTokens + standInTokens(content) },
    };
    if (fault?.kind === 'malformed') return send(res, 200, JSON.stringify(completion).slice(0, 40));
    send(res, 200, completion);
  };

  const server: Server = createServer((req, res) => {
    state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight);
    res.on('close', () => {
      state.inFlight -= 1;
      if (!res.writableFinished) {
        state.aborted += 1;
        events.emit('aborted');
      }
    });
    answer(req, res).catch((err: Error) => send(res, 400, errorBody(err.message, 'invalid_request_error', null)));
  });
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get aborted() {
      return state.aborted;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    events,
    inject: (...f) => faults.push(...f),
    fineTune,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function embed(res: ServerResponse, body: Record<string, unknown>): void {
  const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input ?? '')];
  // A small deterministic vector: positive count, negative count, length in words, a constant.
  const data = inputs.map((text, index) => {
    const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
    const pos = words.filter((w) => POSITIVE_WORDS.includes(w)).length;
    const neg = words.filter((w) => NEGATIVE_WORDS.includes(w)).length;
    return { object: 'embedding', index, embedding: [pos, neg, words.length, 1] };
  });
  const tokens = inputs.reduce((n, t) => n + standInTokens(t), 0);
  send(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}
