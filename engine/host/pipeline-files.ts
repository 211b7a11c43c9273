/**
 * Pipeline files on disk: open (parse, migrate, validate), save (canonical text, atomic write),
 * the samples folder, and the rule for which paths a window may name.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { OpenedPipeline } from '../contract.js';
import { formatIssue, parsePipeline } from '../document/parse.js';
import type { PipelineDocument } from '../document/schema.js';
import { serializePipeline } from '../document/serialize.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { HostError } from './host-error.js';

/** The file suffix of pipeline documents. */
export const PIPELINE_SUFFIX = '.pipeline.json';

/**
 * Which paths a window may name. The window is untrusted: without this a compromised page could
 * overwrite any file the user can write. Writes must end in `.json`; with `roots`, every path must
 * also lie inside one of them (the browser mode confines itself to its workspace and samples).
 */
export class PathPolicy {
  private readonly roots: string[] | undefined;

  constructor(roots?: readonly string[]) {
    this.roots = roots?.map((r) => resolve(r));
  }

  /** Returns the normalised absolute path, or throws PATH_REFUSED saying why. */
  check(path: string, access: 'read' | 'write'): string {
    if (!isAbsolute(path)) throw new HostError('PATH_REFUSED', `"${path}" is not an absolute path; pass the full path of the file`);
    const full = resolve(path);
    if (access === 'write' && extname(full).toLowerCase() !== '.json') {
      throw new HostError(
        'PATH_REFUSED',
        `refusing to write "${full}": pipeline files must end in .json (e.g. ${basename(full, extname(full))}${PIPELINE_SUFFIX})`,
      );
    }
    if (this.roots && !this.roots.some((root) => isInside(root, full))) {
      throw new HostError('PATH_REFUSED', `"${full}" is outside the folders this session may use (${this.roots.join(', ')}); move the file into the workspace`);
    }
    return full;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

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
  if (!document) {
    const errors = issues.filter((i) => i.severity === 'error');
    const lines = errors.slice(0, 10).map((i) => `  ${formatIssue(i)}`);
    throw new HostError('DOCUMENT_INVALID', `"${basename(path)}" is not a valid pipeline:\n${lines.join('\n')}`, errors);
  }
  return { path, document, issues };
}

/** Writes the canonical text of `document` atomically (temp file + rename). */
export async function writePipelineFile(path: string, document: PipelineDocument): Promise<void> {
  await writeFileAtomic(path, serializePipeline(document));
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

/** The sample pipelines shipped with the app, named by their document name, sorted by it. */
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
  return samples.sort((a, b) => a.name.localeCompare(b.name));
}
