/**
 * A prompt package as the server serves it: the packaged variant, its reply parser, and a client
 * for its provider. The provider's key is read from THIS machine's environment, in the variable the
 * package names (`apiKeyName`, e.g. OPENAI_API_KEY): the package holds the name, never the value.
 */
import type OpenAI from 'openai';
import { createClient, type Connection } from '../engine/llm/chat.js';
import { replyParserOf } from '../engine/llm/prompt-request.js';
import type { ReplyParser } from '../engine/llm/parse-reply.js';
import { readPromptPackage } from '../engine/models/package/prompt-package.js';
import type { PromptModelSpec } from '../engine/values.js';

export interface ServedPrompt {
  name: string;
  version: string;
  dir: string;
  prompt: PromptModelSpec & { variant: string };
  variant: PromptModelSpec['variants'][number];
  parse: ReplyParser;
  responseFormat: ReturnType<typeof replyParserOf>['responseFormat'];
  connection: Connection;
  client: OpenAI;
}

/** Seconds one provider request may take before that row is answered with a timeout error. */
export const PROVIDER_TIMEOUT_MS = 60_000;

/** @example const served = await loadServedPrompt('models/sentiment/2', process.env); */
export async function loadServedPrompt(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<ServedPrompt> {
  const pkg = await readPromptPackage(dir);
  const prompt = pkg.prompt;
  const keyName = prompt.apiKeyName.trim();
  const apiKey = keyName ? env[keyName] : undefined;
  if (keyName && !apiKey && prompt.provider !== 'compatible')
    throw new Error(
      `the prompt calls ${prompt.baseUrl} with the key in environment variable ${keyName}, which is not set on this machine. Set ${keyName} before starting the server.`,
    );
  const connection: Connection = {
    provider: prompt.provider,
    baseUrl: prompt.baseUrl,
    model: prompt.model,
    apiKey,
    apiKeyName: keyName,
    azureApiVersion: prompt.azureApiVersion ?? '2024-10-21',
    timeoutMs: PROVIDER_TIMEOUT_MS,
  };
  const { parse, responseFormat } = replyParserOf(prompt);
  return {
    name: pkg.manifest.name.replace(/[^A-Za-z0-9_.-]+/g, '-') || 'model',
    version: String(pkg.manifest.version),
    dir,
    prompt,
    variant: prompt.variants[0],
    parse,
    responseFormat,
    connection,
    client: createClient(connection),
  };
}
