// The CLI and its engine process prebuilt as JavaScript (esbuild, ESM, code split, npm packages left
// external), so `lifecycle-studio` starts without transpiling TypeScript through tsx: tsx's loader
// hooks, compile cache and source maps cost a fresh process 0.5-1 s of processor time before the
// first line of ours runs (bench/README.md, "adult-pipeline").
//
// `node cli/bundle.mjs` (`npm run build:cli`) writes dist/cli/<build>/ and dist/cli/current.json,
// which lists every source file the build read with its size and modification time. bin.mjs runs
// the build only while each of those files is unchanged (a few ms of stat calls), else the sources
// through tsx as before: an edited checkout never runs stale code.
//
// Plain JavaScript because bin.mjs calls it before any TypeScript loader exists.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = join(ROOT, 'dist/cli');
const CURRENT = 'current.json';
/** The entries every build has; a caller (the bench) may add its own. */
export const CLI_ENTRIES = { main: 'cli/main.ts', 'engine-entry': 'hosts/shared/engine-entry.ts' };

// Sources find files beside themselves through import.meta.url (the ONNX schema, package.json,
// the samples folder, bin.mjs); in a bundle it would name the bundle. Each module keeps its own
// source file's URL instead, so every lookup resolves exactly as it does from the sources.
// String literals are matched first so that text mentioning import.meta.url stays as it is.
const SOURCE_URL = /(['"`])(?:\\.|(?!\1)[^\\])*\1|import\.meta\.url/g;
const keepSourceUrls = {
  name: 'keep-source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const url = JSON.stringify(pathToFileURL(args.path).href);
      const text = await readFile(args.path, 'utf8');
      return { contents: text.replace(SOURCE_URL, (m) => (m === 'import.meta.url' ? url : m)), loader: 'ts' };
    });
  },
};

// Node imports a CommonJS package from ESM only after scanning its source, and the files it
// re-exports, for export names (cjs-module-lexer): 0.15-0.2 s of a fresh engine process went to
// @duckdb/node-api's re-exports alone. A package that `import` would load as CommonJS is required
// instead, through a small module that re-exports the names it has (read here, at build time).
function loadsAsCommonJs(specifier, root) {
  let file;
  try {
    file = fileURLToPath(import.meta.resolve(specifier, pathToFileURL(join(root, 'package.json')).href));
  } catch {
    return false;
  }
  if (file.endsWith('.cjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type !== 'module';
    } catch {
      // no package.json here: look further up
    }
  }
  return true;
}
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

// Pure-JavaScript CommonJS packages compiled into the build instead of required at run time:
// @duckdb/node-api is about sixty small files, and loading them one by one cost a fresh engine
// process 40-50 ms of processor time (bench/README.md, "adult-pipeline"). Its native half,
// @duckdb/node-bindings, stays a package. Each one's package.json is an input of the build, so an
// install of another version makes the build stale (bin.mjs then runs the sources).
export const INLINED_PACKAGES = ['@duckdb/node-api'];
const PACKAGE_ROOT = /^.*node_modules\/(@[^/]+\/)?[^/]+/;
const inlined = (specifier) => INLINED_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`));

const requireCommonJs = (root) => ({
  name: 'require-commonjs-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.namespace === 'require-commonjs') return { external: true };
      // An inlined package's require() of a built-in: an ES module has no require, so it goes through the re-export module too.
      if (args.kind === 'require-call' && isBuiltin(args.path)) return { path: args.path, namespace: 'require-commonjs' };
      if (args.path.startsWith('node:')) return { external: true };
      if (inlined(args.path)) return undefined;
      if (!loadsAsCommonJs(args.path, root)) return { external: true };
      return { path: args.path, namespace: 'require-commonjs' };
    });
    build.onLoad({ filter: /.*/, namespace: 'require-commonjs' }, (args) => {
      const names = Object.keys(createRequire(join(root, 'package.json'))(args.path)).filter((n) => n !== 'default' && IDENTIFIER.test(n));
      const lines = [
        "import { createRequire } from 'node:module';",
        `const m = createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
        'export default m;',
        ...(names.length ? [`export const { ${names.join(', ')} } = m;`] : []),
      ];
      return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
    });
  },
});

/**
 * Builds `entries` (name -> source path under `root`) into `outDir/<build id>/` and points
 * `outDir/current.json` at it; returns the entries' absolute paths. Older builds but the previous
 * one are removed (a process started from it may still be loading its chunks).
 *
 * @example
 * const built = await buildBundle(); // { main: '/app/dist/cli/b.../main.mjs', 'engine-entry': ... }
 */
export async function buildBundle({ root = ROOT, outDir = join(root, 'dist/cli'), entries = CLI_ENTRIES } = {}) {
  const { build } = await import('esbuild');
  const id = `b${Date.now().toString(36)}-${process.pid}`;
  const dir = join(outDir, id);
  const engineEntry = join(dir, 'engine-entry.mjs');
  const result = await build({
    entryPoints: entries,
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
    // cli/engine-host.ts starts the engine process from this build's entry instead of the TypeScript one.
    define: { __BUNDLED_ENGINE_ENTRY__: JSON.stringify(engineEntry) },
    plugins: [keepSourceUrls, requireCommonJs(root)],
  });
  const inputs = {};
  // Our source files and the manifests of the packages compiled in; the packages required at run time are not part of it.
  const read = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('require-commonjs:'));
  const sources = read.filter((f) => !f.includes('node_modules/'));
  const manifests = new Set(
    read
      .map((f) => PACKAGE_ROOT.exec(f)?.[0])
      .filter(Boolean)
      .map((dir) => `${dir}/package.json`),
  );
  for (const file of [...sources, ...manifests, relative(root, fileURLToPath(import.meta.url))]) {
    const s = statSync(join(root, file));
    inputs[file] = [s.size, s.mtimeMs];
  }
  const built = Object.fromEntries(Object.keys(entries).map((name) => [name, join(dir, `${name}.mjs`)]));
  const previous = readCurrent(outDir)?.dir;
  const tmp = join(outDir, `${CURRENT}.${id}`);
  // The root is kept because the build names the engine entry by its absolute path: a moved checkout rebuilds.
  writeFileSync(tmp, JSON.stringify({ root: resolve(root), dir: id, entries: Object.fromEntries(Object.keys(entries).map((n) => [n, `${n}.mjs`])), inputs }));
  renameSync(tmp, join(outDir, CURRENT));
  for (const name of readdirSync(outDir)) {
    if (name !== id && name !== previous && name !== CURRENT && !name.startsWith(`${CURRENT}.`)) rmSync(join(outDir, name), { recursive: true, force: true });
  }
  return built;
}

function readCurrent(outDir) {
  try {
    return JSON.parse(readFileSync(join(outDir, CURRENT), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The built entries (name -> absolute path) when a build exists and none of its sources changed
 * since; undefined otherwise (no build, or a source edited, added to the build's imports or removed).
 *
 * @example
 * const bundle = freshBundle();
 * if (bundle) await import(pathToFileURL(bundle.main).href);
 */
export function freshBundle({ root = ROOT, outDir = join(root, 'dist/cli') } = {}) {
  const current = readCurrent(outDir);
  if (!current || current.root !== resolve(root)) return undefined;
  for (const [file, [size, mtimeMs]] of Object.entries(current.inputs)) {
    let s;
    try {
      s = statSync(join(root, file));
    } catch {
      return undefined;
    }
    if (s.size !== size || s.mtimeMs !== mtimeMs) return undefined;
  }
  const entries = Object.fromEntries(Object.entries(current.entries).map(([n, f]) => [n, join(outDir, current.dir, f)]));
  try {
    for (const f of Object.values(entries)) statSync(f);
  } catch {
    return undefined;
  }
  return entries;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const built = await buildBundle();
  process.stdout.write(`CLI bundle written: ${Object.values(built).join(', ')}\n`);
}
