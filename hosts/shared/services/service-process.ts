/**
 * One model server as a process: started detached (`serve-model` on the given address, its output
 * in a file, its admin token and API key in its environment, never on its command line), waited on
 * until `/v2/health/ready` answers or it exits, asked to stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { pidAlive } from './registry-file.js';

/**
 * The program and leading arguments that run `serve-model`: this checkout's CLI (through tsx), found
 * above this file (sources) or above the bundle (`dist-electron/`). Electron's own binary runs it as
 * Node (ELECTRON_RUN_AS_NODE, set in `launchServer`).
 */
export function defaultServerCommand(): string[] {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const bin = join(dir, 'cli', 'bin.mjs');
    if (existsSync(bin)) return [process.execPath, bin, 'serve-model'];
    if (dirname(dir) === dir)
      throw new Error(
        'cannot find cli/bin.mjs to start the model server from; this build of the app does not ship the CLI (pass serverCommand to ServiceManager).',
      );
  }
}

export const ADMIN_TOKEN_ENV = 'LIFECYCLE_STUDIO_ADMIN_TOKEN';
export const API_KEY_ENV = 'LIFECYCLE_STUDIO_MODEL_API_KEY';

export interface LaunchOptions {
  command: readonly string[];
  packageDir: string;
  host: string;
  port: number;
  logDir: string;
  outputFile: string;
  adminToken: string;
  apiKey?: string;
  /** A prompt package's provider key, set in the server's environment under the name the package reads. */
  providerKey?: { secretName: string; value: string };
}

/** Starts the server detached from this process, so it outlives a run, an engine process and a window. */
export function launchServer(options: LaunchOptions): ChildProcess {
  const [program, ...lead] = options.command;
  const args = [...lead, options.packageDir, '--host', options.host, '--port', String(options.port), '--log-dir', options.logDir];
  args.push('--admin-token-env', ADMIN_TOKEN_ENV);
  if (options.apiKey) args.push('--api-key-env', API_KEY_ENV);
  const env: NodeJS.ProcessEnv = { ...process.env, [ADMIN_TOKEN_ENV]: options.adminToken };
  if (options.apiKey) env[API_KEY_ENV] = options.apiKey;
  if (options.providerKey) env[options.providerKey.secretName] = options.providerKey.value;
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  const out = openSync(options.outputFile, 'a', 0o600);
  try {
    const child = spawn(program, args, { detached: true, stdio: ['ignore', out, out], env, windowsHide: true });
    child.unref();
    return child;
  } finally {
    closeSync(out);
  }
}

/** The last `n` lines of a file (its tail only), for exit reasons. */
export function lastLines(file: string, n = 8): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/** The URL serve-model prints once listening ("Serving model m (version v) at http://..."), read from its output file. */
async function printedUrl(outputFile: string, since: number): Promise<string | undefined> {
  const handle = await open(outputFile, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.max(0, size - since));
    await handle.read(buffer, 0, buffer.length, since);
    return /Serving model .* at (http:\/\/\S+)/.exec(buffer.toString('utf8'))?.[1];
  } finally {
    await handle.close();
  }
}

export async function healthReady(url: string, signal?: AbortSignal): Promise<boolean> {
  try {
    const res = await fetch(`${url}/v2/health/ready`, { signal: signal ?? AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

export class ServerExitedError extends Error {}

/**
 * Waits until the server answers `/v2/health/ready`, polling with backoff; fails as soon as the
 * process exits, with its exit code and last output lines. Resolves with its URL.
 */
export async function waitReady(
  child: ChildProcess,
  outputFile: string,
  outputStart: number,
  options: { signal?: AbortSignal; limitMs?: number } = {},
): Promise<string> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let wake: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, sig) => {
      exit = { code, signal: sig };
      resolve();
    });
  });
  void exited.then(() => wake());
  const limit = Date.now() + (options.limitMs ?? 180_000);
  let url: string | undefined;
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    if (exit)
      throw new ServerExitedError(
        `the model server exited before it was ready (${describeExit(exit.code, exit.signal)}). Its last output:\n${lastLines(outputFile)}`,
      );
    if (options.signal?.aborted) throw new Error('cancelled while the model server was starting');
    url ??= await printedUrl(outputFile, outputStart);
    if (url && (await healthReady(url))) return url;
    if (Date.now() > limit) throw new Error(`the model server did not answer /v2/health/ready in time. Its last output:\n${lastLines(outputFile)}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  return `exit code ${code}`;
}

/**
 * Whether `pid` is still this service's server: alive, and on Linux its command line names the
 * service's log folder, so a pid the system reused for another program is never signalled.
 */
export function isServiceProcess(pid: number, logDir: string): boolean {
  if (!pidAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(logDir);
  } catch {
    return process.platform !== 'linux';
  }
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it is gone. */
export async function stopProcess(pid: number, logDir: string, graceMs = 10_000): Promise<void> {
  if (!isServiceProcess(pid, logDir)) return;
  process.kill(pid, 'SIGTERM');
  const killAt = Date.now() + graceMs;
  for (let wait = 10; isServiceProcess(pid, logDir); wait = Math.min(wait * 2, 200)) {
    if (Date.now() > killAt) {
      process.kill(pid, 'SIGKILL');
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
