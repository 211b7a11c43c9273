// Bundles the desktop shell with esbuild (installed with vite/tsx): main and the engine entry as
// CommonJS for Node with npm packages left external (electron-builder ships node_modules, native
// ones unpacked), and the preload fully bundled because a sandboxed preload may require only
// 'electron'. Usage: node electron/build.mjs [--outdir DIR]
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--outdir');
const outdir = resolve(flag > 0 ? process.argv[flag + 1] : join(root, 'dist-electron'));

// ESM sources read import.meta.url and import.meta.resolve; CommonJS output gets them from
// __filename and require.resolve.
const importMetaShim = {
  define: { 'import.meta.url': '__importMetaUrl', 'import.meta.resolve': '__importMetaResolve' },
  banner: {
    js: [
      "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      "const __importMetaResolve = (s) => require('node:url').pathToFileURL(require.resolve(s)).href;",
    ].join('\n'),
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  build({ ...common, ...importMetaShim, entryPoints: ['electron/main.ts'], outfile: join(outdir, 'main.cjs'), packages: 'external', external: ['electron'] }),
  build({ ...common, ...importMetaShim, entryPoints: ['electron/engine-entry.ts'], outfile: join(outdir, 'engine-entry.cjs'), packages: 'external' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: join(outdir, 'preload.cjs'), external: ['electron'] }),
]);
process.stdout.write(`electron bundles written to ${outdir}\n`);
