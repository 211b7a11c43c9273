/**
 * Replies kept in the workspace (`<workspace>/llm-cache/<sha256>.json`), keyed by the full request:
 * provider, base URL, model, messages and sampling params. The API key is never part of the key
 * or of the entry, so a changed key reuses replies and no key reaches the disk.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../engine/fs/atomic-write.js';

export interface CachedReply {
  content: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestKey(request: { provider: string; baseUrl: string; body: Record<string, unknown> }): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

export class ResponseCache {
  readonly dir: string;
  constructor(workspaceDir: string) {
    this.dir = join(workspaceDir, 'llm-cache');
  }

  async get<T = CachedReply>(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${key}.json`), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  async put<T = CachedReply>(key: string, reply: T): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(join(this.dir, `${key}.json`), JSON.stringify(reply));
  }
}
