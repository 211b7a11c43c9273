/**
 * The self-contained server bundle of a registered model version, written beside it as
 * `<registry>/<name>/<version>-server/` (never inside the version folder, which is immutable and
 * hashed; the registry counts only all-digit folder names as versions). It holds the compiled
 * server, a copy of the package in `model/`, package.json/.npmrc, a Dockerfile and a README.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readModelPackage } from '../../engine/models/package/index.js';
import { columnDocs } from '../input-schema.js';
import { dockerfile, DOCKERIGNORE, NPMRC, packageJson, readme, type BundleFacts } from './bundle-files.js';
import { writeCompiledServer } from './compiled-server.js';

/** The bundle folder of a version folder. */
export const bundleDirOf = (versionDir: string) => join(dirname(versionDir), `${basename(versionDir)}-server`);

/** A name usable in a URL path, as the server routes the model (served-model.ts). */
const urlName = (name: string) => name.replace(/[^A-Za-z0-9_.-]+/g, '-') || 'model';

/**
 * Writes the bundle atomically (a temporary sibling folder renamed into place) and answers its folder.
 *
 * @example const dir = await writeServerBundle('/ws/models/adult/3'); // -> /ws/models/adult/3-server
 */
export async function writeServerBundle(versionDir: string): Promise<string> {
  const pkg = await readModelPackage(versionDir);
  const dest = bundleDirOf(versionDir);
  const tmp = join(dirname(versionDir), `.tmp-server-${randomUUID()}`);
  await mkdir(tmp, { recursive: true });
  try {
    const dependencies = await writeCompiledServer(tmp);
    const m = pkg.manifest;
    const facts: BundleFacts = {
      name: urlName(m.name),
      version: String(m.version),
      target: m.target,
      task: m.task,
      columns: columnDocs(m.inputSchema),
      dependencies,
    };
    await cp(versionDir, join(tmp, 'model'), { recursive: true });
    // The copy is the bundle's own: writable, so that the folder can be moved and deleted as a whole.
    for (const f of await readdir(join(tmp, 'model'))) await chmod(join(tmp, 'model', f), 0o644);
    const files: [string, string][] = [
      ['package.json', packageJson(facts)],
      ['.npmrc', NPMRC],
      ['Dockerfile', dockerfile(facts)],
      ['.dockerignore', DOCKERIGNORE],
      ['README.md', readme(facts)],
    ];
    for (const [name, text] of files) await writeFile(join(tmp, name), text);
    if (existsSync(dest)) await rm(dest, { recursive: true, force: true });
    await rename(tmp, dest);
    return dest;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
