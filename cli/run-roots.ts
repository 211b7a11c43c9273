/**
 * The folders a headless run may use: the pipeline file's folder, the workspace, the app's
 * samples, and each `--allow-path DIR` the user passed. A pipeline cannot widen them: only the
 * person running the command can.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLES_DIR = join(fileURLToPath(new URL('../', import.meta.url)), 'pipelines-samples');

/**
 * @example
 * runRoots('/home/ana/pipes/p.pipeline.json', '/home/ana/pipes/.lifecycle-studio', ['/data'])
 */
export function runRoots(pipelinePath: string, workspaceDir: string, allowPaths: readonly string[] = []): string[] {
  return [dirname(resolve(pipelinePath)), resolve(workspaceDir), SAMPLES_DIR, ...allowPaths.map((p) => resolve(p))];
}
