/**
 * The pipeline paths one window may name, kept host-side (the Electron main process, or the server
 * in the browser mode), because the window itself is untrusted: a compromised page must not be able
 * to read or overwrite a file just by naming it. A path counts when the user chose it (a native
 * dialog, the OS opening a file with the app), when it is a recent file, or when it is the file the
 * window has open; for reading also anything in the host's own read-only folders (the shipped
 * samples). The folder of the open file is also what Browse offers as "Pipeline folder".
 */
import { isAbsolute, relative, resolve } from 'node:path';

/** Where recent files come from (the shared `RecentFiles` list). */
export interface RecentSource {
  list(): Promise<string[]>;
}

export class GrantedPaths {
  private readonly chosen = new Set<string>();
  private open: string | undefined;

  private readonly readable: string[];

  constructor(
    private readonly recent?: RecentSource,
    readOnlyFolders: readonly string[] = [],
  ) {
    this.readable = readOnlyFolders.map((f) => resolve(f));
  }

  /** The user chose `path` outside the window's reach (native dialog, OS "open with", command line). */
  grant(path: string): void {
    this.chosen.add(resolve(path));
  }

  /** The window now shows `path` (after it was opened or saved through the host). */
  setOpen(path: string): void {
    this.open = resolve(path);
  }

  /** The file the window has open, as the host opened or saved it; undefined for an unsaved document. */
  get openFile(): string | undefined {
    return this.open;
  }

  /** True when the window may name `path`: chosen by the user, the open file, a recent file, or (to read) a sample. */
  async allows(path: string, access: 'read' | 'write' = 'write'): Promise<boolean> {
    const full = resolve(path);
    if (full === this.open || this.chosen.has(full)) return true;
    if (access === 'read' && this.readable.some((f) => isBelow(f, full))) return true;
    const recent = (await this.recent?.list()) ?? [];
    return recent.some((p) => resolve(p) === full);
  }
}

function isBelow(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
