/**
 * The canvas with a large pipeline, in Chromium, beside bare React Flow with the same graph in the
 * same run. The app runs in browser mode (real `lifecycle-studio serve`, real WebSocket, the real
 * window) and opens a generated document through the page URL (`?open=`, as the desktop shell opens
 * a file in its own window); bare React Flow (bench/canvas-harness) loads the same nodes and edges
 * from a static page. Opens alternate app / bare; then each is panned and zoomed with real mouse
 * input while requestAnimationFrame deltas are recorded in the page.
 * Targets: 2,000 nodes and 2,400 edges open and render under 1 s; panning and zooming at 60 fps.
 *
 * Run: `npm run bench -- canvas` (NODES=2000,500 sizes, multiples of 25; ROUNDS=5 opens per side;
 * RENDERER=dir to serve another build of the window, e.g. an older commit's; BEFORE_RENDERER=dir to
 * serve a second build beside it, alternating with it and bare React Flow in the same run). Each open
 * also reports the processor time Chromium and the app's serve process spent on it (/proc).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { serializePipeline } from '../engine/document/serialize.js';
import { bareGraph, generatePipeline, importPaths } from './canvas-graph.js';
import { reportResult } from './result.js';
import { describeFrames, DRAG_MOVES, dragCard, median, openAndRender, panAndZoom, undoDrag, type Open } from './canvas-page.js';
import { cpuBetween, descendantsCpuMs, treeCpuMs } from './process-cpu.js';

const here = dirname(fileURLToPath(import.meta.url));
const APP = resolve(here, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SIZES = (process.env.NODES ?? '2000,500').split(',').map(Number);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** A built renderer to serve instead of dist/renderer (to compare two builds on the same machine state). */
const RENDERER = process.env.RENDERER ? resolve(process.env.RENDERER) : undefined;
/** A second build served beside the first ("app before"), its opens, pans and zooms alternating with the others in the same run. */
const BEFORE = process.env.BEFORE_RENDERER ? resolve(process.env.BEFORE_RENDERER) : undefined;
const VIEWPORT = { width: 1440, height: 900 };

/** `lifecycle-studio serve` of `build` (default dist/renderer) in `dir` (the pipeline files' folder, which it lets the page open), with its own workspace and config `name`. */
async function startServe(dir: string, build: string | undefined, name = ''): Promise<{ child: ChildProcess; url: string; config: string }> {
  const renderer = build ? ['--renderer', build] : [];
  const config = join(dir, `${name}config`);
  const child = spawn(process.execPath, [join(APP, 'cli', 'bin.mjs'), 'serve', '--port', '0', '--workspace', join(dir, `${name}ws`), ...renderer], {
    cwd: dir,
    env: { ...process.env, LIFECYCLE_STUDIO_CONFIG_DIR: config },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((res, rej) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m) res(m[1]);
    });
    child.once('exit', (code) => rej(new Error(`serve exited (${code}) before printing its URL:\n${out}`)));
  });
  return { child, url, config };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** A static server for the built bare React Flow page and its graph.json. */
async function serveStatic(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/\/$/, '/index.html'));
    if (!path.startsWith(root) || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** An open with the processor time it took: Chromium's processes, and the app's serve process (opening the file). */
type TimedOpen = Open & { chromiumCpuMs: number; serveCpuMs: number };

type Side = { name: string; key: string; url: string; serve?: ChildProcess; config?: string; opens: TimedOpen[] };
type Serve = { url: string; serve: ChildProcess; config: string };

/** Opens `side`, with the processor time of Chromium (all serve processes left out) and of the side's own serve process. */
async function timedOpen(page: Page, side: Side, expect: { nodes: number; edges: number }, serves: readonly ChildProcess[]): Promise<TimedOpen> {
  const skip = serves.map((c) => c.pid!);
  const chromium0 = descendantsCpuMs(process.pid, skip);
  const serve0 = side.serve ? treeCpuMs(side.serve.pid!) : new Map<number, number>();
  const open = await openAndRender(page, side.url, expect);
  const serveCpuMs = side.serve ? cpuBetween(serve0, treeCpuMs(side.serve.pid!)) : 0;
  return { ...open, chromiumCpuMs: cpuBetween(chromium0, descendantsCpuMs(process.pid, skip)), serveCpuMs };
}

function describeOpens(opens: TimedOpen[]): string {
  const ms = opens.map((o) => o.ms);
  const m = median(ms);
  return (
    `${m.toFixed(0)} ms (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}; boot ${median(opens.map((o) => o.bootMs)).toFixed(0)} ms, ` +
    `${opens[0].nodes} nodes / ${opens[0].edges} edges in the DOM; processor time: Chromium ${median(opens.map((o) => o.chromiumCpuMs)).toFixed(0)} ms, ` +
    `serve ${median(opens.map((o) => o.serveCpuMs)).toFixed(0)} ms) [< 1000 ms: ${m < 1000 ? 'met' : 'NOT met'}]`
  );
}

/** One size: alternating opens, then pan and zoom on each side; screenshots into test-results/. */
async function benchSize(
  browser: Browser,
  nodes: number,
  dir: string,
  apps: { app: Serve; before?: Serve },
  bare: { dir: string; url: string },
): Promise<void> {
  const doc = generatePipeline(nodes);
  const file = join(dir, `canvas-${nodes}.pipeline.json`);
  writeFileSync(file, serializePipeline(doc));
  // The files the import nodes read exist, so the pre-run check finds nothing to ask for: its panel
  // would open over the canvas a moment after the open, and the pan and zoom would drag and wheel on it.
  mkdirSync(join(dir, 'data'), { recursive: true });
  for (const path of importPaths(doc)) writeFileSync(join(dir, path), 'a,b\n1,2\n');
  writeFileSync(join(bare.dir, 'graph.json'), JSON.stringify(bareGraph(doc)));
  const expect = { nodes: doc.nodes.length, edges: doc.edges.length };
  console.log(`\n--- ${doc.nodes.length} nodes, ${doc.edges.length} edges; load average ${loadavg()[0].toFixed(1)}`);
  const appSide = (name: string, key: string, a: Serve): Side => ({
    name,
    key,
    url: `${a.url}&open=${encodeURIComponent(file)}`,
    serve: a.serve,
    config: a.config,
    opens: [],
  });
  const sides: Side[] = [
    appSide('app', 'app', apps.app),
    ...(apps.before ? [appSide('app before', 'app-before', apps.before)] : []),
    { name: 'bare React Flow', key: 'bare', url: bare.url, opens: [] },
  ];
  const serves = sides.flatMap((s) => (s.serve ? [s.serve] : []));
  const page = await browser.newPage({ viewport: VIEWPORT });
  // tsx compiles with keepNames, so functions sent to page.evaluate call esbuild's __name helper.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  try {
    // One warm-up open each: the engine process and Chromium's caches start cold.
    for (const side of sides) await openAndRender(page, side.url, expect);
    for (let i = 0; i < ROUNDS; i++) for (const side of sides) side.opens.push(await timedOpen(page, side, expect, serves));
    for (const side of sides) console.log(`open + render, ${side.name}: ${describeOpens(side.opens)}`);
    const openMs = (k: number) => median(sides.at(k)!.opens.map((o) => o.ms));
    const bareRef = (value: number) => ({ reference: { name: 'React Flow alone', value } });
    reportResult({
      bench: 'canvas',
      figure: `${nodes} nodes, open + render`,
      value: openMs(0),
      unit: 'ms',
      better: 'lower',
      ...bareRef(openMs(-1)),
      target: { at: 1000, text: 'under 1 s' },
    });
    const frames: { pan: number; zoom: number; drag: number }[] = [];
    for (const side of sides) {
      await openAndRender(page, side.url, expect);
      const shot = `canvas-${nodes}-${side.key}${RENDERER ? '-other' : ''}.png`;
      await page.screenshot({ path: join(APP, 'test-results', shot) });
      const { pan, zoom } = await panAndZoom(page);
      console.log(`panning, ${side.name}: ${describeFrames(pan.deltas)}\n  main thread: ${pan.mainThread}`);
      console.log(`zooming, ${side.name}: ${describeFrames(zoom.deltas)}\n  main thread: ${zoom.mainThread}`);
      // On a fresh open: after the zoom gesture the view may be anywhere.
      await openAndRender(page, side.url, expect);
      const drag = await dragCard(page);
      if (side.serve) {
        await undoDrag(page);
        // An autosave taken during the drag would offer to restore it over every later open.
        await page.goto('about:blank');
        rmSync(join(side.config!, 'recovery'), { recursive: true, force: true });
      }
      const perMove = drag.ms / DRAG_MOVES;
      console.log(
        `dragging a card, ${side.name}: ${perMove.toFixed(1)} ms per mouse move (${DRAG_MOVES} moves); ${describeFrames(drag.deltas)}\n  main thread: ${drag.mainThread}`,
      );
      frames.push({ pan: 1000 / median(pan.deltas), zoom: 1000 / median(zoom.deltas), drag: perMove });
    }
    // A drag's frames keep coming while each mouse move waits on the page (the app's before this
    // pass: median frame 16.7 ms, 17 s of script): the time each move takes says how far it lags.
    reportResult({
      bench: 'canvas',
      figure: `${nodes} nodes, drag a card, per mouse move`,
      value: frames[0].drag,
      unit: 'ms',
      better: 'lower',
      ...bareRef(frames.at(-1)!.drag),
    });
    for (const g of ['pan', 'zoom'] as const)
      reportResult({
        bench: 'canvas',
        figure: `${nodes} nodes, ${g}`,
        value: frames[0][g],
        unit: 'fps',
        better: 'higher',
        ...bareRef(frames.at(-1)![g]),
        target: { at: 57, text: '60 fps' },
      });
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  // The window is built from this checkout every run (BUILD_RENDERER=0 keeps dist/renderer as it is):
  // a dist/renderer left by an earlier build once measured code the tree no longer had.
  if (!RENDERER && (!existsSync(join(APP, 'dist', 'renderer', 'index.html')) || process.env.BUILD_RENDERER !== '0')) {
    execFileSync(
      process.execPath,
      [join(APP, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
      { cwd: APP, stdio: 'inherit' },
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'canvas-bench-'));
  const bare = join(dir, 'bare');
  await build({ root: join(here, 'canvas-harness'), base: './', plugins: [react()], logLevel: 'warn', build: { outDir: bare, emptyOutDir: true } });
  console.log(
    `renderer ${RENDERER ?? 'dist/renderer'}; viewport ${VIEWPORT.width}x${VIEWPORT.height}; ${ROUNDS} opens per side; load average ${loadavg()[0].toFixed(1)}`,
  );
  const { child, url, config } = await startServe(dir, RENDERER);
  const before = BEFORE ? await startServe(dir, BEFORE, 'before-') : undefined;
  const stat = await serveStatic(bare);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    for (const nodes of SIZES)
      await benchSize(
        browser,
        nodes,
        dir,
        { app: { url, serve: child, config }, before: before && { url: before.url, serve: before.child, config: before.config } },
        { dir: bare, url: stat.url },
      );
  } finally {
    await browser.close();
    stat.server.close();
    for (const c of [child, before?.child]) {
      if (!c) continue;
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
