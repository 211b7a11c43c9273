/**
 * Folders the user added to the places of the file browser ("+ Add folder"), persisted in the user's
 * config folder so both hosts and every window share them. They widen what Open, Save and Browse
 * reach beyond home; hidden folders and the file-system root are never accepted.
 */
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, parse, resolve } from 'node:path';
import { writeFileAtomic } from '../../engine/fs/atomic-write.js';
import { HostError } from './host-error.js';
import { hiddenPart, isInside, realOrUndefined } from './path-rules.js';
import { readConfigField } from './config-json.js';

const MAX_FOLDERS = 20;

/** The system's own folders: programs, devices, settings. No project lives there, and a page must not widen its reach to them. */
const SYSTEM_FOLDERS =
  process.platform === 'win32'
    ? [process.env.SystemRoot ?? 'C:\\Windows', process.env.ProgramFiles ?? 'C:\\Program Files', process.env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)']
    : [
        '/bin',
        '/boot',
        '/dev',
        '/etc',
        '/lib',
        '/lib32',
        '/lib64',
        '/proc',
        '/run',
        '/sbin',
        '/sys',
        '/usr',
        '/var',
        '/System',
        '/Library',
        '/private/etc',
        '/private/var',
      ];

export class UserFolders {
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(configDir: string, fileName = 'folders.json') {
    this.file = join(configDir, fileName);
  }

  /** The folders, oldest first, as `{ label, path }` places. */
  async list(): Promise<{ label: string; path: string }[]> {
    await this.queue;
    return (await this.read()).map((path) => ({ label: basename(path) || path, path }));
  }

  /**
   * Adds an existing, visible folder (by its real path) and returns the new list.
   *
   * @throws HostError PATH_REFUSED for a relative, hidden or root path; FILE_NOT_FOUND / NOT_A_DIRECTORY.
   */
  add(path: string): Promise<{ label: string; path: string }[]> {
    const next = this.queue.then(async () => {
      const real = await checkFolder(path);
      const paths = [...(await this.read()).filter((p) => p !== real), real].slice(-MAX_FOLDERS);
      await writeFileAtomic(this.file, `${JSON.stringify({ folders: paths }, null, 2)}\n`);
    });
    this.queue = next.catch(() => undefined);
    return next.then(() => this.list());
  }

  private async read(): Promise<string[]> {
    const folders = await readConfigField(this.file, 'folders');
    // Re-checked on read: a hand-edited file must not smuggle in a hidden folder.
    return Array.isArray(folders) ? folders.filter((p): p is string => typeof p === 'string' && isAbsolute(p) && !hiddenPart(p)) : [];
  }
}

async function checkFolder(path: string): Promise<string> {
  if (!isAbsolute(path)) throw new HostError('PATH_REFUSED', `"${path}" is not an absolute path; type the full path of the folder (e.g. /home/you/projects)`);
  const full = resolve(path);
  const real = await realOrUndefined(full);
  if (real === undefined) throw new HostError('FILE_NOT_FOUND', `no folder at "${full}"; check the spelling, or create it first`);
  if (!(await stat(real)).isDirectory()) throw new HostError('NOT_A_DIRECTORY', `"${full}" is a file, not a folder; add the folder that holds it`);
  if (parse(real).root === real) throw new HostError('PATH_REFUSED', `refusing to add "${real}": the whole disk is too wide a place; add a project folder`);
  const system = SYSTEM_FOLDERS.find((f) => isInside(resolve(f), real));
  if (system) throw new HostError('PATH_REFUSED', `refusing to add "${real}": it is inside ${system}, a system folder; add a project or data folder`);
  const hidden = hiddenPart(real);
  if (hidden) throw new HostError('PATH_REFUSED', `refusing to add "${full}": "${hidden}" is a hidden folder, where settings and keys live`);
  return real;
}
