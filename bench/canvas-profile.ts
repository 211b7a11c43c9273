/**
 * A CPU profile of the app's window opening the canvas bench's generated pipeline (and, with
 * ZOOM=1, of the pan and zoom gestures after it; DRAG=1, of dragging a card), summarised as self time per function and per script:
 * what the app does beyond bare React Flow. Not a benchmark (no figures to the one table).
 *
 * Run: `node --import tsx bench/canvas-profile.ts <renderer dir> [nodes]`, the renderer built with
 * `vite build --config renderer/vite.config.ts --minify false --outDir <dir>` so names survive.
 * Writes the raw profile to test-results/canvas-open.cpuprofile (DevTools can load it).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { serializePipeline } from '../engine/document/serialize.js';
import { generatePipeline, importPaths } from './canvas-graph.js';
import { describeFrames, dragCard, openAndRender, panAndZoom } from './canvas-page.js';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const here = dirname(fileURLToPath(import.meta.url));
const APP = resolve(here, '..');

/** Self time per function and per script file, largest first. */
export function summarise(profile: Profile, top = 40): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    const file = f.url.split('/').pop() || '(native)';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + ms);
    files.set(file, (files.get(file) ?? 0) + ms);
  }
  const total = (profile.endTime - profile.startTime) / 1000;
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `  ${ms.toFixed(0).padStart(7)} ms  ${k}`)
      .join('\n');
  return `profile ${total.toFixed(0)} ms\nby script:\n${list(files, 12)}\nby function (self):\n${list(fns, top)}`;
}

async function profiled<T>(page: Page, label: string, act: () => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const out = await act();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  writeFileSync(join(APP, 'test-results', `canvas-${label}.cpuprofile`), JSON.stringify(profile));
  console.log(`--- ${label}\n${summarise(profile)}`);
  await cdp.detach();
  return out;
}

/** A Chromium trace of `act` (timeline categories), written to test-results/canvas-open.trace.json. */
async function traced<T>(browser: Browser, page: Page, act: () => Promise<T>): Promise<T> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', 'loading'] });
  const out = await act();
  writeFileSync(join(APP, 'test-results', 'canvas-open.trace.json'), await browser.stopTracing());
  return out;
}

async function main(): Promise<void> {
  const renderer = resolve(process.argv[2] ?? join(APP, 'dist', 'renderer'));
  const count = Number(process.argv[3] ?? 2000);
  const dir = mkdtempSync(join(tmpdir(), 'canvas-profile-'));
  const doc = generatePipeline(count);
  const file = join(dir, 'canvas.pipeline.json');
  writeFileSync(file, serializePipeline(doc));
  // As in the bench: with the files its imports read, no pre-run panel opens over the canvas.
  mkdirSync(join(dir, 'data'));
  for (const path of importPaths(doc)) writeFileSync(join(dir, path), 'a,b\n1,2\n');
  const child = spawn(process.execPath, [join(APP, 'cli', 'bin.mjs'), 'serve', '--port', '0', '--workspace', join(dir, 'ws'), '--renderer', renderer], {
    cwd: dir,
    env: { ...process.env, LIFECYCLE_STUDIO_CONFIG_DIR: join(dir, 'config') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((res) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m) res(m[1]);
    });
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    const expect = { nodes: doc.nodes.length, edges: doc.edges.length };
    const target = `${url}&open=${encodeURIComponent(file)}`;
    await openAndRender(page, target, expect); // warm-up
    // The profiler's session must outlive the navigation: start it on the app's own origin.
    await page.goto(url, { waitUntil: 'load' });
    const open =
      process.env.TRACE === '1'
        ? await traced(browser, page, () => openAndRender(page, target, expect))
        : await profiled(page, 'open', () => openAndRender(page, target, expect));
    console.log(`open ${open.ms.toFixed(0)} ms (boot ${open.bootMs.toFixed(0)} ms)`);
    if (process.env.ZOOM === '1') await profiled(page, 'zoom', () => panAndZoom(page));
    if (process.env.DRAG === '1') {
      await openAndRender(page, target, expect);
      const drag = await profiled(page, 'drag', () => dragCard(page));
      console.log(`drag: ${describeFrames(drag.deltas)}; main thread: ${drag.mainThread}`);
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
