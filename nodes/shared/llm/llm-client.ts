/**
 * One chat request through the official `openai` package, with the node's own retries (the
 * package's are off, so backoff, jitter and Retry-After are ours and tested) and errors that say
 * what to do: a wrong key, an unknown model (with the models the server lists), a server that does
 * not answer, a context-length overflow.
 */
import OpenAI from 'openai';
import type { Connection } from '../../../engine/llm/chat.js';
import { NodeError, type RunContext } from '../../../engine/node-run.js';

// The request itself lives in engine/llm (the model server serves prompt packages with it).
export { chatWithRetries, createClient, withRetries, type ChatReply, type Connection } from '../../../engine/llm/chat.js';

/** The connection a node's params name; the key is read from the secret store, never from the params. */
export function connectionOf(
  ctx: Pick<RunContext, 'secret'>,
  params: { provider: Connection['provider']; baseUrl: string; model: string; apiKey: string; azureApiVersion: string; timeoutSeconds: number },
): Connection {
  const apiKey = params.apiKey ? ctx.secret(params.apiKey) : undefined;
  if (params.apiKey && !apiKey && params.provider !== 'compatible') {
    throw new NodeError(
      'SECRET_MISSING',
      `secret "${params.apiKey}" (param API key) is not set`,
      `Set it in the window's secrets, or export ${params.apiKey}=... before running the CLI.`,
    );
  }
  return {
    provider: params.provider,
    baseUrl: params.baseUrl,
    model: params.model,
    apiKey,
    apiKeyName: params.apiKey,
    azureApiVersion: params.azureApiVersion,
    timeoutMs: params.timeoutSeconds * 1000,
  };
}

async function offeredModels(client: OpenAI): Promise<string[] | undefined> {
  try {
    const page = await client.models.list();
    return page.data.map((m) => m.id);
  } catch {
    return undefined;
  }
}

/** A failure of one request as the NodeError the user reads. `rowLabel` names the row ("row 12, variant short"). */
export async function explainFailure(err: unknown, c: Connection, client: OpenAI, rowLabel: string): Promise<NodeError> {
  const host = safeHost(c.baseUrl);
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new NodeError(
      'LLM_TIMEOUT',
      `${rowLabel}: ${host} did not answer within ${c.timeoutMs / 1000} s`,
      'Raise "Timeout per request", lower "Requests at once", or check the server.',
    );
  }
  if (err instanceof OpenAI.APIConnectionError) {
    return new NodeError(
      'LLM_UNREACHABLE',
      `the base URL ${c.baseUrl} does not answer (${err.cause ? String((err.cause as Error).message ?? err.cause) : err.message})`,
      'Check the Base URL param and that the server is running (Ollama: `ollama serve`).',
    );
  }
  if (err instanceof OpenAI.APIError) {
    const code = (err as { code?: string | null }).code ?? undefined;
    if (err.status === 401) {
      return new NodeError(
        'LLM_KEY_REFUSED',
        `${host} refused the API key from secret "${c.apiKeyName}" (401)`,
        `Set the secret "${c.apiKeyName}" to a valid key for ${host} (keychain in the window, environment variable for the CLI).`,
      );
    }
    if (err.status === 404 && (code === 'model_not_found' || /model/i.test(err.message))) {
      const models = await offeredModels(client);
      return new NodeError(
        'LLM_MODEL_UNKNOWN',
        `${host} has no model "${c.model}"${models ? `; it offers: ${models.join(', ')}` : ''}`,
        'Set the Model param to one the server offers (Azure: the deployment name).',
      );
    }
    if (code === 'context_length_exceeded' || /maximum context length/i.test(err.message)) {
      const tokens = /resulted in (\d+) tokens/.exec(err.message)?.[1];
      return new NodeError(
        'LLM_CONTEXT_OVERFLOW',
        `${rowLabel} is too long for model "${c.model}"${tokens ? `: ${tokens} tokens` : ''} (${err.message})`,
        "Shorten the template or that row's text, use fewer few-shot examples, or pick a model with a longer context.",
      );
    }
    return new NodeError(
      'LLM_REQUEST_FAILED',
      `${rowLabel}: ${host} answered ${err.status}: ${err.message}`,
      'Check the request params; for 429 or 5xx raise "Retries".',
    );
  }
  if (err instanceof SyntaxError)
    return new NodeError(
      'LLM_MALFORMED_REPLY',
      `${rowLabel}: ${host} sent a reply that is not valid JSON`,
      'The server is not OpenAI-compatible, or failed mid-reply; try again.',
    );
  return new NodeError('LLM_REQUEST_FAILED', `${rowLabel}: ${(err as Error).message}`, 'Try again; if it persists check the server.');
}

export function safeHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
