/**
 * `lifecycle-studio run <pipeline.json>`: validates, runs in the engine process, prints progress,
 * and exits 0 on success, 1 when a node fails or a gate fails/blocks, 2 when the document is invalid
 * or names a file outside the allowed folders.
 * For CI/CD: the run record is written to the workspace by the engine either way.
 *
 * This module is the light front: it reads the command line and starts the engine process, whose
 * start-up (about a third of a second) then overlaps loading and checking the document
 * (`run-document.ts`, which loads the node catalogue). The engine opens the workspace only when the
 * run is sent, so an invalid document still leaves no workspace behind.
 */
import { resolve } from 'node:path';
import { parseOneFileCommand } from '../args.js';
import { startEngine } from '../engine-host.js';
import { defaultWorkspace } from '../pipeline-file.js';
import { checkMemoryLimit, settingsToEnv, type DuckDBSettings } from '../../engine/data/engine-settings.js';

const USAGE = `Usage: lifecycle-studio run <pipeline.json> [options]

Options:
  --set <node>.<param>=<value>  override a param (repeatable; the value is JSON when it parses, else text)
  --json                        print every engine event as one JSON line on stdout
  --workspace DIR               workspace folder (default: .lifecycle-studio/ beside the pipeline)
  --force                       run every node even when its cached outputs are still valid
  --allow-path DIR              let the run read and write files under DIR too (repeatable); by default
                                only the pipeline's folder, the workspace and the samples
  --allow-host ADDR             let a Deploy node of this run bind ADDR, or a Prompt node send rows to
                                the host ADDR (its base URL), an address other than this machine
                                (repeatable); by default only loopback (127.0.0.1, ::1)
  --memory-limit SIZE           DuckDB's memory limit, e.g. 2GB (env LIFECYCLE_STUDIO_MEMORY_LIMIT);
                                what does not fit spills to disk
  --spill-dir DIR               where DuckDB spills (env LIFECYCLE_STUDIO_SPILL_DIR; default
                                data.duckdb.tmp in the workspace)

Deploy nodes start model servers that keep running after the run: see \`lifecycle-studio services\`.

Secrets named by secret params are read from environment variables of the same name.
Exit codes: 0 success, 1 a node failed or a gate failed/blocked, 2 the document or command line is invalid,
or a file param lies outside the allowed folders, or a Deploy address or Prompt host is not allowed (nothing ran).`;

export async function main(args: string[]): Promise<number> {
  const cmd = parseOneFileCommand(
    args,
    {
      set: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      workspace: { type: 'string' },
      force: { type: 'boolean' },
      'allow-path': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
      'memory-limit': { type: 'string' },
      'spill-dir': { type: 'string' },
    },
    USAGE,
    'pipeline file',
  );
  if ('exit' in cmd) return cmd.exit;
  const { values } = cmd.parsed;
  const memory = memorySettings(values['memory-limit'], values['spill-dir']);
  if (typeof memory === 'string') {
    process.stderr.write(`${memory}\n\n${USAGE}\n`);
    return 2;
  }
  const workspaceDir = values.workspace ? resolve(values.workspace) : defaultWorkspace(resolve(cmd.path));
  const engine = startEngine(workspaceDir, { env: settingsToEnv(memory) });
  engine.prestart();
  try {
    const { runDocument } = await import('./run-document.js');
    return await runDocument(engine, cmd.path, values, workspaceDir);
  } finally {
    await engine.close();
  }
}

/** The engine's DuckDB memory settings from the flags (the engine process reads the env otherwise), or what is wrong. */
function memorySettings(limit: string | undefined, spill: string | undefined): DuckDBSettings | string {
  try {
    return { ...(limit ? { memoryLimit: checkMemoryLimit(limit) } : {}), ...(spill ? { spillDir: resolve(spill) } : {}) };
  } catch (err) {
    return (err as Error).message;
  }
}
