/**
 * A stand-in for a fresh clone in which the README's commands run as a reader types them: the
 * checkout's package.json and .npmrc copied (so `npx lifecycle-studio` resolves the project's own
 * bin and npm reads the same config), node_modules and cli/ linked, the samples copied so the runs'
 * workspaces land in the temporary folder, never in the checkout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli-harness.js';

export interface ShellResult {
  code: number | null;
  /** The signal that ended the shell's process, when one did (npx re-raises the Ctrl-C it got). */
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function makeClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'readme-clone-'));
  for (const file of ['package.json', '.npmrc']) cpSync(join(ROOT, file), join(dir, file));
  for (const folder of ['node_modules', 'cli']) symlinkSync(join(ROOT, folder), join(dir, folder));
  cpSync(join(ROOT, 'pipelines-samples'), join(dir, 'pipelines-samples'), {
    recursive: true,
    filter: (src) => !src.includes('.lifecycle-studio'),
  });
  return dir;
}

/**
 * The environment every command gets: a reader's shell, so without the `npm_*` variables that
 * `npm test` hands its children (a child npm would take them as config), and the user config
 * folder inside the clone, not the tester's.
 */
export function cloneEnv(dir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  return { ...env, LIFECYCLE_STUDIO_CONFIG_DIR: join(dir, 'config') };
}

/** Starts `command` as a shell would (redirects and `&&` included), in its own process group. */
export function startShell(command: string, cwd: string): { child: ChildProcess; output: ShellResult; exited: Promise<ShellResult> } {
  const child = spawn('bash', ['-c', command], { cwd, env: cloneEnv(cwd), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: ShellResult = { code: null, stdout: '', stderr: '' };
  child.stdout!.on('data', (c: Buffer) => (output.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output.stderr += c.toString()));
  const exited = new Promise<ShellResult>((resolve) =>
    child.once('close', (code, signal) => {
      output.code = code;
      output.signal = signal;
      resolve(output);
    }),
  );
  return { child, output, exited };
}

export function runShell(command: string, cwd: string): Promise<ShellResult> {
  return startShell(command, cwd).exited;
}

/**
 * Starts a server command and resolves with the first match of `ready` in its stdout (end `ready`
 * with `\n` so a line cut between two chunks is never taken whole); rejects with its output if it
 * exits first.
 */
export async function startServer(command: string, cwd: string, ready: RegExp) {
  const shell = startShell(command, cwd);
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const look = () => {
      const m = ready.exec(shell.output.stdout);
      if (m) resolve(m);
    };
    shell.child.stdout!.on('data', look);
    void shell.exited.then((r) => reject(new Error(`\`${command}\` exited with ${r.code} before printing ${ready}:\n${r.stdout}\n${r.stderr}`)));
  });
  /** Ctrl-C, as in a terminal: SIGINT to the whole foreground group (npx, its shell and the CLI). */
  const interrupt = async () => {
    process.kill(-shell.child.pid!, 'SIGINT');
    return shell.exited;
  };
  return { match, interrupt, output: shell.output };
}
