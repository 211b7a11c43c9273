/**
 * Pipeline files on disk: open (parse, migrate, validate), save (canonical text, atomic write),
 * the samples folder, and the rule for which paths a window may name.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import type { OpenedPipeline } from '../../engine/contract.js';
import { formatIssue, parsePipeline } from '../../engine/document/parse.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { serializePipeline } from '../../engine/document/serialize.js';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import type { GrantedPaths } from './granted-paths.js';
import { HostError } from './host-error.js';
import { bySampleOrder } from './sample-order.js';
import { containingRoot, isInside, realForRead, realForWrite, realOrUndefined, refuseHiddenWrite } from './path-rules.js';

/** The file suffix of pipeline documents. */
export const PIPELINE_SUFFIX = '.pipeline.json';

/** How a host decides which pipeline paths its window may name. */
export interface PathPolicyOptions {
  /**
   * Browser mode: every path must really lie inside one of these folders (home, folders the user
   * added, workspace, samples), outside hidden folders. Asked per check: the user may add folders.
   */
  roots?: () => Promise<readonly string[]>;
  /** Desktop: without `roots`, only paths the user granted this window (see GrantedPaths). */
  grants: GrantedPaths;
  /** Folders whose own hidden names do not make a write hidden (the host's workspace in ~/.config). */
  ownFolders?: () => Promise<readonly string[]>;
}

/**
 * Which paths a window may name. The window is untrusted: without this a compromised page could
 * read or overwrite any file the user can. Writes must end in `.json`, land in an existing, visible
 * folder; every path is judged by where it really leads (symlinks resolved).
 */
export class PathPolicy {
  constructor(private readonly options: PathPolicyOptions) {}

  /** Returns the normalised absolute path, or throws PATH_REFUSED (or FILE_NOT_FOUND) saying why. */
  async check(path: string, access: 'read' | 'write'): Promise<string> {
    if (!isAbsolute(path)) throw new HostError('PATH_REFUSED', `"${path}" is not an absolute path; pass the full path of the file`);
    const full = resolve(path);
    if (access === 'write' && extname(full).toLowerCase() !== '.json') {
      throw new HostError(
        'PATH_REFUSED',
        `refusing to write "${full}": pipeline files must end in .json (e.g. ${basename(full, extname(full))}${PIPELINE_SUFFIX})`,
      );
    }
    const roots = this.options.roots ? await this.options.roots() : undefined;
    // Refuse before touching the disk, so "not found" versus "refused" reveals nothing outside.
    const named = roots ? roots.some((r) => isInside(resolve(r), full)) || (await insideRealRoot(full, roots)) : await this.options.grants.allows(full, access);
    if (!named) throw this.refusal(full, roots);
    const real = access === 'read' ? await realForRead(full) : await realForWrite(full);
    // Hidden first: its message says what is wrong, where "outside the folders" would mislead.
    if (access === 'write') await refuseHiddenWrite(full, real, [...(roots ?? []), ...((await this.options.ownFolders?.()) ?? [])]);
    if (roots && (await containingRoot(full, real, roots)) === undefined) throw this.refusal(full, roots);
    return full;
  }

  private refusal(full: string, roots: readonly string[] | undefined): HostError {
    if (roots) {
      return new HostError(
        'PATH_REFUSED',
        `"${full}" is outside the folders this window may use (${roots.join(', ')}) or inside a hidden folder; choose a file under one of them, or add its folder with "+ Add folder" in the file browser`,
      );
    }
    return new HostError('PATH_REFUSED', `"${full}" was not chosen in this window; open or save it through File > Open or File > Save As, which ask you where`);
  }
}

async function insideRealRoot(full: string, roots: readonly string[]): Promise<boolean> {
  for (const r of roots) {
    const real = await realOrUndefined(r);
    if (real && isInside(real, full)) return true;
  }
  return false;
}

/** Parse problems that come before the file shows it is a pipeline: their messages may quote the file. */
const NOT_A_PIPELINE_WHY: Record<string, string> = {
  DOCUMENT_NOT_OBJECT: 'it is not a JSON object',
  DOCUMENT_FORMAT: 'its "format" is not "lifecycle-studio.pipeline"',
};

/**
 * Reads and validates a pipeline file. Older versions are upgraded (reported as warnings).
 *
 * @throws HostError FILE_NOT_FOUND, FILE_UNREADABLE or DOCUMENT_INVALID (with the issues and their JSON paths).
 */
export async function readPipelineFile(path: string): Promise<OpenedPipeline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new HostError('FILE_NOT_FOUND', `no file at "${path}"; it may have been moved or deleted`);
    throw new HostError('FILE_UNREADABLE', `cannot read "${path}": ${(err as Error).message}`);
  }
  const { document, issues } = parsePipeline(text);
  const first = issues[0];
  if (!document && first && (Object.hasOwn(NOT_A_PIPELINE_WHY, first.code) || first.path === '(document)')) {
    // Never echo the content: a link named x.json may lead to /etc/passwd or a key file.
    throw new HostError(
      'DOCUMENT_INVALID',
      `"${basename(path)}" is not a Lifecycle Studio pipeline (${NOT_A_PIPELINE_WHY[first.code] ?? 'it is not valid JSON'}); open a .pipeline.json file saved by Lifecycle Studio`,
      [{ code: first.code, path: first.path, message: 'not a pipeline document', severity: 'error' }],
    );
  }
  if (!document) {
    const errors = issues.filter((i) => i.severity === 'error');
    const lines = errors.slice(0, 10).map((i) => `  ${formatIssue(i)}`);
    throw new HostError('DOCUMENT_INVALID', `"${basename(path)}" is not a valid pipeline:\n${lines.join('\n')}`, errors);
  }
  return { path, document, issues };
}

/** Writes the canonical text of `document` atomically (temp file + rename). */
export async function writePipelineFile(path: string, document: PipelineDocument): Promise<void> {
  await writeFileAtomic(path, serializePipeline(document), { createFolder: false });
}

/** A file name for a document that has none yet: its name, kebab-cased. */
export function suggestedFileName(document: PipelineDocument): string {
  const slug = document.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'pipeline'}${PIPELINE_SUFFIX}`;
}

/** The sample pipelines shipped with the app, named by their document name, in the gallery's order (sample-order.ts). */
export async function listSampleFiles(dir: string): Promise<{ name: string; path: string }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(PIPELINE_SUFFIX));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const samples = await Promise.all(
    names.map(async (n) => {
      const path = join(dir, n);
      const { document } = parsePipeline(await readFile(path, 'utf8'));
      return { name: document?.name ?? basename(n, PIPELINE_SUFFIX), path };
    }),
  );
  return samples.sort(bySampleOrder);
}
