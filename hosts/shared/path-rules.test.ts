/**
 * The path rules as the window meets them, through `handleRequest`, on real files in a temp "home":
 * symlinks judged by where they lead, hidden folders never written, no folder created by a save,
 * no file content quoted in an error, and Browse's pipeline folder only from the host-held open file.
 */
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { EngineApi } from '../../engine/engine-types.js';
import { refusal } from './testing/refusal.js';
import { createStudioHandlers, handleRequest, type StudioHandlerDeps } from './studio-handlers.js';

const noEngine = new Proxy({} as EngineApi, {
  get: (_t, name) => () => Promise.reject(new Error(`engine.${String(name)} must not be called by file handlers`)),
});

const doc: PipelineDocument = { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'p', name: 'P', nodes: [], edges: [] };
const DOC_TEXT = JSON.stringify(doc);

let dir: string;
let home: string;
let outside: string;
let workspace: string;

/** The browser mode: Home plus the host's own folders, like `lifecycle-studio serve`. */
const browserMode = (extra: Partial<StudioHandlerDeps> = {}) => browserModeIn([workspace], extra);
const browserModeIn = (allowedRoots: string[], extra: Partial<StudioHandlerDeps> = {}) =>
  createStudioHandlers({
    engine: noEngine,
    engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: workspace }),
    configDir: join(dir, 'config'),
    emit: () => undefined,
    browseRoots: [
      { label: 'Home', path: home },
      { label: 'Workspace', path: workspace },
    ],
    allowedRoots,
    defaultSaveDir: workspace,
    ...extra,
  }).handlers;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'studio-path-rules-')));
  home = join(dir, 'home');
  outside = join(dir, 'outside');
  workspace = join(dir, 'serve-cwd', '.lifecycle-studio');
  await mkdir(join(home, 'projects'), { recursive: true });
  await mkdir(outside);
  await mkdir(workspace, { recursive: true });
  await writeFile(join(outside, 'victim.pipeline.json'), DOC_TEXT);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('a symlinked folder inside a root that leads outside', () => {
  beforeEach(() => symlink(outside, join(home, 'escape')));
  // Home as a confining root, as `serve` confines to the folder it was started in.
  const browserMode = () => browserModeIn([home, workspace]);

  it('is refused for reading a pipeline through it', async () => {
    const err = await refusal(handleRequest(browserMode(), 'openPipeline', [join(home, 'escape', 'victim.pipeline.json')]));
    expect(err.code).toBe('PATH_REFUSED');
  });

  it('is refused for writing through it, and the file outside is left as it was', async () => {
    const target = join(home, 'escape', 'victim.pipeline.json');
    const err = await refusal(handleRequest(browserMode(), 'savePipeline', [{ ...doc, name: 'Overwritten' }, target]));
    expect(err.code).toBe('PATH_REFUSED');
    expect(await readFile(join(outside, 'victim.pipeline.json'), 'utf8')).toBe(DOC_TEXT);
    const fresh = await refusal(handleRequest(browserMode(), 'savePipeline', [doc, join(home, 'escape', 'new.pipeline.json')]));
    expect(fresh.code).toBe('PATH_REFUSED');
    expect(await readdir(outside)).toEqual(['victim.pipeline.json']);
  });

  it('is refused for listing through it', async () => {
    expect((await refusal(handleRequest(browserMode(), 'listDirectory', [join(home, 'escape')]))).code).toBe('PATH_REFUSED');
  });

  it('is refused when the pipeline file itself is a link leading outside', async () => {
    await symlink(join(outside, 'victim.pipeline.json'), join(home, 'projects', 'link.pipeline.json'));
    expect((await refusal(handleRequest(browserMode(), 'openPipeline', [join(home, 'projects', 'link.pipeline.json')]))).code).toBe('PATH_REFUSED');
    const write = await refusal(handleRequest(browserMode(), 'savePipeline', [{ ...doc, name: 'Overwritten' }, join(home, 'projects', 'link.pipeline.json')]));
    expect(write.code).toBe('PATH_REFUSED');
    expect(await readFile(join(outside, 'victim.pipeline.json'), 'utf8')).toBe(DOC_TEXT);
  });
});

describe('hidden folders', () => {
  it('refuses a write into ~/.config and names the hidden part', async () => {
    await mkdir(join(home, '.config'));
    const err = await refusal(handleRequest(browserMode(), 'savePipeline', [doc, join(home, '.config', 'x.json')]));
    expect(err.code).toBe('PATH_REFUSED');
    expect(err.message).toContain('".config" is a hidden file or folder');
    expect(await readdir(join(home, '.config'))).toEqual([]);
  });

  it('refuses a hidden file name, but saves into the host workspace even when that is a dot-folder', async () => {
    expect((await refusal(handleRequest(browserMode(), 'savePipeline', [doc, join(home, 'projects', '.sneaky.json')]))).code).toBe('PATH_REFUSED');
    expect(await handleRequest(browserMode(), 'savePipeline', [doc, null])).toEqual({ path: join(workspace, 'p.pipeline.json') });
  });
});

describe('saving never creates folders', () => {
  it('refuses a save into a folder that does not exist, says so, and creates nothing', async () => {
    const target = join(home, 'projects', 'new-folder', 'deep', 'x.pipeline.json');
    const err = await refusal(handleRequest(browserMode(), 'savePipeline', [doc, target]));
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.message).toBe(
      `cannot save "x.pipeline.json": there is no folder "${join(home, 'projects', 'new-folder', 'deep')}". Saving does not create folders; choose an existing folder`,
    );
    await expect(stat(join(home, 'projects', 'new-folder'))).rejects.toThrow(/ENOENT/);
  });
});

describe('a file that is not a pipeline', () => {
  it('is refused without quoting its bytes, also through a symlink named like a pipeline', async () => {
    const passwd = join(home, 'projects', 'passwd');
    await writeFile(passwd, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n');
    await symlink(passwd, join(home, 'projects', 'users.pipeline.json'));
    const err = await refusal(handleRequest(browserMode(), 'openPipeline', [join(home, 'projects', 'users.pipeline.json')]));
    expect(err.code).toBe('DOCUMENT_INVALID');
    const wire = JSON.stringify({ message: err.message, issues: err.issues });
    expect(wire).not.toContain('root:x');
    expect(wire).not.toContain('bash');
    expect(err.message).toContain('"users.pipeline.json" is not a Lifecycle Studio pipeline (it is not valid JSON)');
  });

  it('does not quote the "format" of some other JSON file either', async () => {
    await writeFile(join(home, 'projects', 'creds.json'), JSON.stringify({ format: 'hunter2-token', user: 'ana' }));
    const err = await refusal(handleRequest(browserMode(), 'openPipeline', [join(home, 'projects', 'creds.json')]));
    expect(JSON.stringify({ message: err.message, issues: err.issues })).not.toContain('hunter2');
  });
});

describe("Browse's pipeline folder", () => {
  it('comes from the file the window opened, not from a pipelinePath the window passes', async () => {
    const other = join(home, 'projects', 'other.pipeline.json');
    await writeFile(other, DOC_TEXT);
    const h = browserMode();
    const listing = await handleRequest(h, 'listDirectory', [undefined, other]);
    expect((listing as { roots: { label: string }[] }).roots.map((r) => r.label)).toEqual(['Home', 'Workspace']);
    await handleRequest(h, 'openPipeline', [other]);
    const elsewhere = await handleRequest(h, 'listDirectory', [undefined, join(outside, 'victim.pipeline.json')]);
    expect((elsewhere as { roots: { label: string }[] }).roots.map((r) => r.label)).toEqual(['Home', 'Workspace']);
    const after = await handleRequest(h, 'listDirectory', [undefined, other]);
    expect((after as { roots: { label: string; path: string }[] }).roots[0]).toEqual({ label: 'Pipeline folder', path: join(home, 'projects') });
  });
});

describe('the browser mode reaches home and added folders', () => {
  it('saves into a project folder under home, not only the workspace', async () => {
    const target = join(home, 'projects', 'churn.pipeline.json');
    expect(await handleRequest(browserMode(), 'savePipeline', [doc, target])).toEqual({ path: target });
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual(doc);
  });

  it('saves into a folder outside home once the user added it, remembered across hosts', async () => {
    const data = join(dir, 'srv', 'data');
    await mkdir(data, { recursive: true });
    const target = join(data, 'shared.pipeline.json');
    expect((await refusal(handleRequest(browserMode(), 'savePipeline', [doc, target]))).code).toBe('PATH_REFUSED');
    expect(await handleRequest(browserMode(), 'addBrowseFolder', [data])).toEqual([{ label: 'data', path: data }]);
    expect(await handleRequest(browserMode(), 'savePipeline', [doc, target])).toEqual({ path: target });
    const listing = (await handleRequest(browserMode(), 'listDirectory', [data])) as { roots: { label: string }[]; entries: { name: string }[] };
    expect(listing.roots.map((r) => r.label)).toEqual(['Home', 'Workspace', 'data']);
    expect(listing.entries.map((e) => e.name)).toEqual(['shared.pipeline.json']);
  });

  it('refuses to add a hidden folder, the disk root or a relative path', async () => {
    await mkdir(join(home, '.ssh'));
    expect((await refusal(handleRequest(browserMode(), 'addBrowseFolder', [join(home, '.ssh')]))).message).toContain('".ssh" is a hidden folder');
    expect((await refusal(handleRequest(browserMode(), 'addBrowseFolder', ['/']))).code).toBe('PATH_REFUSED');
    expect((await refusal(handleRequest(browserMode(), 'addBrowseFolder', ['/etc']))).message).toContain('inside /etc, a system folder');
    expect((await refusal(handleRequest(browserMode(), 'addBrowseFolder', ['projects']))).code).toBe('PATH_REFUSED');
    expect((await refusal(handleRequest(browserMode(), 'addBrowseFolder', [join(home, 'nope')]))).code).toBe('FILE_NOT_FOUND');
  });
});
