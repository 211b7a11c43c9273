/**
 * The folders a run started from the window may use: the pipeline file's folder, the workspace,
 * the samples, and what the user allowed for that pipeline file (`AllowedFolders`).
 */
import { dirname } from 'node:path';
import type { AllowedFolders } from './allowed-folders.js';

export interface RunRootsDeps {
  workspaceDir: string;
  samplesDir?: string;
  allowedFolders: AllowedFolders;
  /** Allowed for every pipeline by whoever started the host (`serve --allow-path`). */
  allowPaths?: readonly string[];
}

/** @example await windowRunRoots(deps, '/home/ana/pipes/p.pipeline.json') */
export async function windowRunRoots(deps: RunRootsDeps, documentPath: string | undefined): Promise<string[]> {
  return [
    ...(documentPath ? [dirname(documentPath)] : []),
    deps.workspaceDir,
    ...(deps.samplesDir ? [deps.samplesDir] : []),
    ...(deps.allowPaths ?? []),
    ...(await deps.allowedFolders.list(documentPath)),
  ];
}
