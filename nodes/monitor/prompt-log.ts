/**
 * A prompt endpoint's prediction log (records of `kind: "prompt"`, server/README.md "Serving a prompt
 * package") as one call per row: the placeholder values sent, the reply, its validity, tokens,
 * cost and latency, and the request's time.
 */
import { readFile } from 'node:fs/promises';
import { logFiles } from './prediction-log.js';

export interface PromptCall {
  request_id: string;
  time: string;
  row: number;
  inputs: Record<string, unknown>;
  reply: string | null;
  valid: boolean;
  raw: string | null;
  tokens_in: number | null;
  tokens_out: number | null;
  cost: number | null;
  latency_ms: number | null;
  prompt: string | null;
}

interface Entry {
  kind?: string;
  time: string;
  request_id: string;
  status: number;
  inputs: unknown[];
  outputs: Record<string, unknown>[];
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** Whether the log in `dir` is a prompt server's (its first record says so). */
export async function isPromptLog(dir: string): Promise<boolean> {
  for (const file of await logFiles(dir)) {
    const first = (await readFile(file, 'utf8')).split('\n').find((l) => l.trim());
    if (!first) continue;
    try {
      return (JSON.parse(first) as Entry).kind === 'prompt';
    } catch {
      return false;
    }
  }
  return false;
}

/** Answered calls (status 200) in time order, and how many requests were refused. */
export async function readPromptCalls(dir: string): Promise<{ calls: PromptCall[]; requests: number; refused: number }> {
  const entries: Entry[] = [];
  let refused = 0;
  for (const file of await logFiles(dir)) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      let e: Entry;
      try {
        e = JSON.parse(line) as Entry;
      } catch {
        continue;
      }
      if (e.kind !== 'prompt' || !Array.isArray(e.inputs) || !Array.isArray(e.outputs)) continue;
      if (e.status !== 200 || e.outputs.length !== e.inputs.length) refused++;
      else entries.push(e);
    }
  }
  entries.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const calls = entries.flatMap((e) =>
    e.outputs.map((o, row) => ({
      request_id: e.request_id,
      time: e.time,
      row,
      inputs: (e.inputs[row] ?? {}) as Record<string, unknown>,
      reply: str(o.reply),
      valid: o.valid === true,
      raw: str(o.raw),
      tokens_in: num(o.tokens_in),
      tokens_out: num(o.tokens_out),
      cost: num(o.cost),
      latency_ms: num(o.latency_ms),
      prompt: str(o.prompt),
    })),
  );
  return { calls, requests: entries.length, refused };
}
