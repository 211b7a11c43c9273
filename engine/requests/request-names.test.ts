/**
 * The request names reach the sandboxed preload and the renderer, which bundle them from the
 * request table, without zod or the document parser.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { STUDIO_REQUEST_NAMES } from '../contract-names.js';
import { STUDIO_REQUESTS } from './studio-requests.js';

describe('the request names', () => {
  it('are the keys of the table, in declaration order', () => {
    expect(STUDIO_REQUEST_NAMES).toEqual(Object.keys(STUDIO_REQUESTS));
  });

  it('reach the preload and the renderer without zod or the document parser', async () => {
    const bundled = await build({
      entryPoints: [join(import.meta.dirname, '..', 'contract-names.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'cjs',
      platform: 'neutral',
      logLevel: 'silent',
    });
    const inputs = Object.keys(bundled.metafile.inputs);
    expect(inputs.filter((p) => p.includes('node_modules') || p.includes('document/'))).toEqual([]);
    // Evaluated on its own, the bundle knows the same names.
    const mod = { exports: {} as { STUDIO_REQUEST_NAMES?: string[] } };
    new Function('module', 'exports', bundled.outputFiles[0].text)(mod, mod.exports);
    expect(mod.exports.STUDIO_REQUEST_NAMES).toEqual(STUDIO_REQUEST_NAMES);
  });
});
