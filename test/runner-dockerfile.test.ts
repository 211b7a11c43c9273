/**
 * docker/runner.Dockerfile without Docker (no daemon here): every file it copies exists and
 * survives .dockerignore; the code the CLI can reach (its import graph from the CLI entry, the
 * forked engine process and the model server the Package model node compiles, as esbuild follows
 * it, plus files read through `new URL(..., import.meta.url)`) lies in what is copied; every
 * package that code imports survives `npm ci --omit=dev`; and the entrypoint, mapped back onto
 * this checkout, answers `--help`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './testing/cli-harness.js';
import { all, dockerIgnore, instructions } from './testing/dockerfile.js';

const steps = instructions(readFileSync(join(ROOT, 'docker', 'runner.Dockerfile'), 'utf8'));
const ignored = dockerIgnore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
const copies = all(steps, 'COPY').map((rest) => rest.split(/\s+/));
const sources = copies.flatMap((args) => args.slice(0, -1));
const APP = all(steps, 'WORKDIR')[0];
const ENTRIES = ['cli/main.ts', 'hosts/shared/engine-entry.ts', 'server/bundle/main.ts'];

/** `ENV A=1 B=/app/x` as pairs, a path in the app folder mapped onto this checkout. */
const envPairs = (rest: string) =>
  rest.split(/\s+/).map((pair) => {
    const [k, v] = pair.split('=');
    return [k, v.startsWith(`${APP}/`) ? join(ROOT, v.slice(APP.length + 1)) : v];
  });

/** Whether a checkout-relative path is in the image: under a copied source and not ignored. */
const shipped = (path: string) => !ignored(path) && sources.some((s) => path === s || path.startsWith(`${s}/`));

async function reachable(): Promise<{ files: string[]; packages: Set<string> }> {
  const meta = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    write: false,
    metafile: true,
    outdir: 'unused',
    splitting: true,
    logLevel: 'silent',
  });
  const files = Object.keys(meta.metafile.inputs);
  const packages = new Set<string>();
  for (const input of Object.values(meta.metafile.inputs))
    for (const imp of input.imports)
      if (imp.external && !imp.path.startsWith('node:') && !builtinModules.includes(imp.path))
        packages.add(imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : imp.path.split('/')[0]);
  // Files read at run time beside the code (a .proto, the pipeline schema); a folder URL ('../') names the app folder, not a file.
  for (const file of [...files])
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/new URL\('(\.{1,2}\/[^']*[^/'])', import\.meta\.url\)/g))
      files.push(relative(ROOT, join(ROOT, dirname(file), m[1])));
  return { files, packages };
}

describe('docker/runner.Dockerfile', () => {
  it('copies files that exist and that .dockerignore lets through', () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) {
      expect(existsSync(join(ROOT, s)), `COPY ${s}: no such file or folder in the repository`).toBe(true);
      expect(ignored(s), `COPY ${s}: .dockerignore leaves it out of the build context`).toBe(false);
    }
    expect(all(steps, 'FROM')).toEqual(['node:20-slim']);
    // The image's npm 10 ignores package.json's allowScripts, so onnxruntime-node must be told itself not to fetch GPU libraries.
    expect(all(steps, 'RUN')[0], "npm ci in the image must skip onnxruntime-node's GPU download").toMatch(/^ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev /);
  });

  it('ships every file the CLI can reach and every package it imports survives --omit=dev', async () => {
    const { files, packages } = await reachable();
    expect(files.length).toBeGreaterThan(100);
    const missing = files.filter((f) => !shipped(f));
    expect(missing, 'reachable from the CLI but not in the image').toEqual([]);
    // Joined to the app folder at run time rather than imported.
    for (const folder of ['pipelines-samples', 'server/bundle/main.ts']) expect(shipped(folder), folder).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const installed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {})]);
    expect(
      [...packages].filter((p) => !installed.has(p)),
      'imported, but a devDependency or undeclared',
    ).toEqual([]);
    for (const dev of ['electron', 'vite', '@playwright/test']) expect(installed.has(dev), `${dev} must stay a devDependency`).toBe(false);
  });

  it('its entrypoint names the CLI, which answers --help through the same command line here', async () => {
    const entry = JSON.parse(all(steps, 'ENTRYPOINT')[0]) as string[];
    const cmd = JSON.parse(all(steps, 'CMD')[0]) as string[];
    expect(entry[0]).toBe('node');
    expect(entry[1].startsWith(`${APP}/`)).toBe(true);
    const bin = entry[1].slice(APP.length + 1);
    expect([existsSync(join(ROOT, bin)), shipped(bin)]).toEqual([true, true]);
    expect(shipped('tsconfig.json') && shipped('tsconfig.base.json')).toBe(true);
    // As in the image: its ENV (paths under the app folder mapped here), the entrypoint, then CMD, from an empty working folder (its /work).
    const env = { ...process.env, ...Object.fromEntries(all(steps, 'ENV').flatMap(envPairs)) };
    const run = (args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, bin), ...entry.slice(2), ...args], { cwd: tempDir('ls-runner-work-'), env, encoding: 'utf8' });
    let r = run(cmd);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/^Usage: lifecycle-studio <command>/);
    expect(r.stdout + r.stderr).toContain('export-model');
    // A command that loads the node catalogue and the document checks, not just the usage text.
    r = run(['validate', join(ROOT, 'pipelines-samples', 'iris-prepare.pipeline.json')]);
    expect(r.status, r.stderr).toBe(0);
  });
});
