/**
 * Where a server bundle's `server.mjs` comes from, in one place. Running from source (the sources
 * of server/ are there), esbuild compiles `server/bundle/main.ts` at package time, so the bundle
 * always matches the code. The packaged app ships no sources: `npm run build:server` (part of
 * `npm run build`) writes `dist-server/server.mjs` and `dist-server/dependencies.json`, and they
 * are copied. Native packages cannot be bundled: they stay imports, and the bundle's package.json
 * lists those the compiled server really imports, at the app's installed version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages with native code: never bundled, installed by `npm install` in the bundle. */
export const NATIVE_PACKAGES = ['onnxruntime-node', '@duckdb/node-api', '@duckdb/node-bindings', '@tensorflow/tfjs-node'];
export const SERVER_ENTRY = join('server', 'bundle', 'main.ts');
export const PREBUILT_DIR = 'dist-server';
const SERVER_FILE = 'server.mjs';
const DEPENDENCIES_FILE = 'dependencies.json';

/** The app's folder: the nearest one up from this module with the app's package.json (source tree, or the packaged app). */
export function appRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'lifecycle-studio') return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the Lifecycle Studio folder (a package.json named "lifecycle-studio") above ${from}.`);
  }
}

/** The installed version of `name` in the app (exact, as the bundle must install the same binary). */
async function installedVersion(root: string, name: string): Promise<string> {
  const manifest = join(root, 'node_modules', name, 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

/** Compiles the server from the sources into `outDir/server.mjs`; answers the native packages it imports, by version. */
async function compileServer(root: string, outDir: string): Promise<Record<string, string>> {
  // Loaded only when building: the packaged app does not ship esbuild.
  const { build } = await import('esbuild');
  const outfile = join(outDir, SERVER_FILE);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [SERVER_ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: NATIVE_PACKAGES,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
    // CommonJS packages bundled into ESM still call require() for Node's own modules.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const imported = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
  const dependencies: Record<string, string> = {};
  for (const name of NATIVE_PACKAGES.filter((n) => imported.has(n))) dependencies[name] = await installedVersion(root, name);
  return dependencies;
}

/**
 * What `npm run build:server` runs: the prebuilt server for the packaged app, `dist-server/`.
 *
 * @example await buildPrebuiltServer(appRoot());
 */
export async function buildPrebuiltServer(root: string): Promise<string> {
  const outDir = join(root, PREBUILT_DIR);
  await mkdir(outDir, { recursive: true });
  const dependencies = await compileServer(root, outDir);
  await writeFile(join(outDir, DEPENDENCIES_FILE), `${JSON.stringify(dependencies, null, 2)}\n`);
  return outDir;
}

/** One compilation per process: a run packaging several models compiles once (the sources do not change under a run). */
let compiled: Promise<{ dir: string; dependencies: Record<string, string> }> | undefined;

function compiledFromSources(root: string) {
  compiled ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lifecycle-studio-server-'));
    return { dir, dependencies: await compileServer(root, dir) };
  })();
  // A failed compilation is not kept: the next package tries again.
  compiled.catch(() => (compiled = undefined));
  return compiled;
}

/**
 * Puts `server.mjs` into `outDir` and answers the npm dependencies it needs: compiled from the
 * sources when they are here, else copied from the prebuilt `dist-server/`.
 */
export async function writeCompiledServer(outDir: string, root = appRoot()): Promise<Record<string, string>> {
  const prebuilt = join(root, PREBUILT_DIR);
  const fromSources = existsSync(join(root, SERVER_ENTRY));
  if (!fromSources && !existsSync(join(prebuilt, SERVER_FILE)))
    throw new Error(`no compiled model server in ${prebuilt} and no sources to compile it from. Run "npm run build:server" before packaging the app.`);
  const { dir, dependencies } = fromSources
    ? await compiledFromSources(root)
    : { dir: prebuilt, dependencies: JSON.parse(await readFile(join(prebuilt, DEPENDENCIES_FILE), 'utf8')) as Record<string, string> };
  await copyFile(join(dir, SERVER_FILE), join(outDir, SERVER_FILE));
  return dependencies;
}
