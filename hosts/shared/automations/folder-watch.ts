/**
 * A watched folder: a new or changed file is handed on once it has stopped changing.
 *
 * - `fs.watch` reports changes as they happen; a rescan every `rescanMs` catches what it missed
 *   (events are dropped under load, on network folders, or while the watch restarts).
 * - Stability, event-driven: each event (or rescan) that finds a file with a new size or mtime
 *   (re)starts the file's quiet timer; when `settleMs` pass without a change, the file is stat'ed
 *   once more and taken only if size and mtime are still those last seen. A file still being
 *   written keeps producing events, so it keeps being postponed.
 * - Files present when the watch starts are the baseline, not news. Names starting with "." (the
 *   temporary files of many copy tools) are ignored.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { matchesGlob } from './glob.js';

export interface FolderWatchOptions {
  dir: string;
  pattern?: string;
  clock: Clock;
  /** Quiet time before a file counts as complete. */
  settleMs?: number;
  /** How often the folder is listed again, to catch missed events. */
  rescanMs?: number;
  onFile(path: string): void;
  /** A file changed and its quiet timer (re)started. */
  onChange?(path: string, size: number): void;
  onError?(error: Error): void;
}

export interface RunningFolderWatch {
  stop(): void;
}

const signature = (s: { size: number; mtimeMs: number }) => `${s.size}:${s.mtimeMs}`;
const sizeOf = (sig: string) => Number(sig.split(':')[0]);

async function fileSignature(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? signature(s) : undefined;
  } catch {
    return undefined; // removed meanwhile
  }
}

/**
 * Resolves once the baseline is taken and the watch is live.
 *
 * @example
 * const w = await watchFolder({ dir: '/data/incoming', pattern: '*.csv', clock: realClock, onFile: (p) => console.log(p) });
 */
export async function watchFolder(options: FolderWatchOptions): Promise<RunningFolderWatch> {
  const { dir, pattern, clock } = options;
  const settleMs = options.settleMs ?? 1000;
  const rescanMs = options.rescanMs ?? 5000;
  /** Signature of each file as last taken (or found at start). */
  const taken = new Map<string, string>();
  /** Files changing now: the signature last seen and the quiet timer. */
  const pending = new Map<string, { sig: string; cancel: () => void }>();
  let stopped = false;
  const wanted = (name: string) => !name.startsWith('.') && matchesGlob(name, pattern);

  const settle = async (name: string, sig: string) => {
    if (stopped || pending.get(name)?.sig !== sig) return;
    const now = await fileSignature(join(dir, name));
    if (stopped) return;
    if (now === undefined) return void pending.delete(name);
    if (now !== sig) return observe(name);
    pending.delete(name);
    taken.set(name, sig);
    options.onFile(join(dir, name));
  };

  const observe = async (name: string) => {
    if (stopped || !wanted(name)) return;
    const sig = await fileSignature(join(dir, name));
    if (stopped || sig === undefined) return;
    const before = pending.get(name);
    if (before?.sig === sig) return; // no change since the last look: its quiet timer runs on
    before?.cancel();
    if (!before && taken.get(name) === sig) return;
    pending.set(name, { sig, cancel: clock.setTimer(() => void settle(name, sig).catch(report), settleMs) });
    options.onChange?.(join(dir, name), sizeOf(sig));
  };

  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  const list = async () => (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);

  for (const name of await list()) {
    const sig = await fileSignature(join(dir, name));
    if (sig !== undefined) taken.set(name, sig);
  }
  const watcher: FSWatcher = watch(dir, (_event, name) => {
    if (name) void observe(name.toString()).catch(report);
    else void rescan(); // the platform did not say which file
  });
  watcher.on('error', report);

  let cancelRescan: () => void = () => {};
  const rescan = async () => {
    try {
      for (const name of await list()) await observe(name);
    } catch (error) {
      report(error);
    }
  };
  const scheduleRescan = () => {
    cancelRescan = clock.setTimer(() => {
      if (stopped) return;
      void rescan().finally(() => !stopped && scheduleRescan());
    }, rescanMs);
  };
  scheduleRescan();

  return {
    stop() {
      stopped = true;
      watcher.close();
      cancelRescan();
      for (const p of pending.values()) p.cancel();
      pending.clear();
    },
  };
}
