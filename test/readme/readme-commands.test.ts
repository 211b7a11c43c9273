/**
 * Every command in README.md's sh blocks (the rule: test/testing/readme-doc.ts) runs here as a
 * reader would type it, in README order, through bash and the real `npx`, in a stand-in clone
 * (test/testing/readme-clone.ts), and is checked for its exit code and the output that shows it
 * worked. A command that cannot run inside the test suite is listed in NOT_RUN with the reason and
 * what runs instead; a command in neither list fails the first test, so the README cannot gain an
 * unchecked command.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../testing/cli-harness.js';
import { makeClone, runShell, startServer, type ShellResult } from '../testing/readme-clone.js';
import { shCommands } from '../testing/readme-doc.js';

const README = shCommands(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((c) => c.text);
const ELECTRON_DIST = '/opt/electron-v45.5.0';

const NOT_RUN: Record<string, string> = {
  'npm ci && npm test': '.ci/run runs exactly this on a fresh clone; inside `npm test` it would reinstall node_modules under the running tests and recurse',
  'npm ci && npm start':
    'npm ci would reinstall node_modules under the running tests (.ci/run installs once); npm start runs below in its pieces: the build, then `serve` answering HTTP',
  'npm run build && npx electron .':
    'needs the Electron binary, fetched on first start (not on the test machines); test/e2e/electron.spec.ts runs it where the binary exists, electron/build.test.ts the build',
  'npm install -g npm@11': "changes the machine's own npm",
  'ONNXRUNTIME_NODE_INSTALL=skip npm ci': "reinstalls node_modules; the variable is checked against onnxruntime-node's install script below",
  [`ELECTRON_OVERRIDE_DIST_PATH=${ELECTRON_DIST} npx electron .`]: "needs an unpacked Electron; the variable is checked against Electron's launcher below",
};

/**
 * iris.csv after its one duplicate row goes: setosa 50, versicolor 50, virginica 49, and 0.3 of each, rounded, is 15:
 * awk -F, 'NR>1 && !seen[$0]++ {c[$5]++} END {for (k in c) print k, c[k], int(c[k]*0.3+0.5)}' pipelines-samples/data/iris.csv
 */
const IRIS_TEST_ROWS_AT_0_3 = 45;

/** After Ctrl-C: the CLI stopped cleanly (0) or npx passed the signal on; no npm warning; the port is closed. */
async function stopped(r: ShellResult, url: string) {
  expect(r.code === 0 || r.signal === 'SIGINT', `ended with code ${r.code}, signal ${r.signal}:\n${r.stdout}${r.stderr}`).toBe(true);
  expect(r.stderr).not.toMatch(/npm warn/i);
  await expect(fetch(url)).rejects.toThrow();
}

const ok = (r: ShellResult) => {
  expect(r.code, r.stdout + r.stderr).toBe(0);
  // npm's own warnings (an unknown .npmrc key, a missing package) would show on every call a reader makes.
  expect(r.stderr).not.toMatch(/npm warn/i);
};

const ONE_SHOT: Record<string, (r: ShellResult, clone: string) => void> = {
  'npx lifecycle-studio nodes': (r) => {
    ok(r);
    for (const type of ['import-dataset', 'train', 'validate-goals', 'deploy', 'monitor']) expect(r.stdout).toMatch(new RegExp(`^  ${type} v\\d+ - `, 'm'));
  },
  'npx lifecycle-studio validate pipelines-samples/iris-prepare.pipeline.json': (r) => {
    ok(r);
    expect(r.stdout).toContain('iris-prepare.pipeline.json: valid');
  },
  'npx lifecycle-studio run pipelines-samples/iris-prepare.pipeline.json': (r, clone) => {
    ok(r);
    expect(r.stdout).toMatch(/Run succeeded/);
    expect(r.stdout).toContain(`Run record: ${join(clone, 'pipelines-samples/.lifecycle-studio/runs/')}`);
  },
  'npx lifecycle-studio run pipelines-samples/iris-prepare.pipeline.json --set split.testRatio=0.3 --json': (r) => {
    ok(r);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; nodeId?: string; status?: string; outputs?: { test?: { rowCount: number } } });
    expect(events.find((e) => e.type === 'node-finished' && e.nodeId === 'split')?.outputs?.test?.rowCount).toBe(IRIS_TEST_ROWS_AT_0_3);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
  },
  'npx lifecycle-studio run pipelines-samples/iris-prepare.pipeline.json --set split.testRatio=2': (r) => {
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('Split "Train / test" (split): Test share: expected a number between 0.01 and 0.99, got 2');
    expect(r.stderr).toContain('nothing was run');
  },
  'npx lifecycle-studio run pipelines-samples/penguins-quick-start.pipeline.json': (r) => {
    ok(r);
    expect(r.stdout).toMatch(/^ {2}evaluate\.accuracy = 0\.\d+$/m);
  },
  'npx lifecycle-studio datasets list --workspace pipelines-samples/.lifecycle-studio': (r) => {
    ok(r);
    // wc -l less the header line; header fields counted with awk -F,
    expect(r.stdout).toMatch(/pipelines-samples\/data\/iris\.csv {2}150 rows x 5 columns/);
    expect(r.stdout).toMatch(/pipelines-samples\/data\/penguins\.csv {2}344 rows x 7 columns/);
  },
  'npx lifecycle-studio export pipelines-samples/adult-cluster.pipeline.json --to argo --image registry.example.com/lifecycle-studio-runner:0.1.0 --artifacts s3://ml-artifacts/pipelines > adult.argo.yaml':
    (r, clone) => {
      ok(r);
      const yaml = readFileSync(join(clone, 'adult.argo.yaml'), 'utf8');
      expect(yaml).toMatch(/^kind: Workflow$/m);
      const doc = JSON.parse(readFileSync(join(clone, 'pipelines-samples/adult-cluster.pipeline.json'), 'utf8')) as { nodes: { id: string }[] };
      for (const { id } of doc.nodes) expect(yaml, `no run-node task for node ${id}`).toMatch(new RegExp(`- ${id}\\b`));
    },
};

/** Long-running commands: started, asked over HTTP, then stopped with Ctrl-C. */
const SERVERS = ['npx lifecycle-studio serve', 'npx lifecycle-studio serve-model <model-folder> --port 8080'];

let clone: string;
beforeAll(() => {
  clone = makeClone();
});
afterAll(() => {
  // Removes the links in the clone, never what they point at.
  rmSync(clone, { recursive: true, force: true });
});

describe('README.md commands', () => {
  it('are each run by this test or listed in NOT_RUN with the reason', () => {
    const known = new Set([...Object.keys(NOT_RUN), ...Object.keys(ONE_SHOT), ...SERVERS]);
    expect(
      README.filter((c) => !known.has(c)),
      'README.md has commands this test neither runs nor lists: add each to ONE_SHOT, SERVERS or NOT_RUN',
    ).toEqual([]);
    expect(
      [...known].filter((c) => !README.includes(c)),
      'entries for commands no longer in README.md',
    ).toEqual([]);
  });

  it("npm start's pieces: its script is the builds then serve --open; the builds write the window and the prebuilt CLI", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // `--open` starts the desktop's browser, which a test machine must not do; the rest runs here and below.
    expect(pkg.scripts.start).toBe('npm run build:renderer && npm run build:cli && node cli/bin.mjs serve --open');
    ok(await runShell('npm run build:renderer', ROOT));
    expect(existsSync(join(ROOT, 'dist/renderer/index.html'))).toBe(true);
    ok(await runShell('npm run build:cli', ROOT));
    expect(existsSync(join(ROOT, 'dist/cli/current.json'))).toBe(true);
  });

  for (const command of README) {
    if (ONE_SHOT[command]) it(command, async () => ONE_SHOT[command](await runShell(command, clone), clone));
  }

  it('npx lifecycle-studio serve', async () => {
    const server = await startServer('npx lifecycle-studio serve', clone, /Open: (\S+)\n/);
    const url = new URL(server.match[1]);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    // Without the token the same server answers nothing (README, Security).
    expect((await fetch(`${url.origin}/`)).status).toBe(401);
    await stopped(await server.interrupt(), url.origin);
  });

  it('npx lifecycle-studio serve-model <model-folder> --port 8080 (the Train model of the penguins run; port 0 so parallel tests never collide)', async () => {
    const runs = join(clone, 'pipelines-samples/.lifecycle-studio/runs');
    const record = JSON.parse(readFileSync(join(runs, lastPenguinsRun(runs)), 'utf8')) as { nodes: Record<string, { outputs: { model: { dir: string } } }> };
    const command = SERVERS[1].replace('<model-folder>', record.nodes.train.outputs.model.dir).replace('--port 8080', '--port 0');
    const server = await startServer(command, clone, /Serving model .* at (\S+)\n/);
    const row = { island: 'Biscoe', bill_length_mm: 46.1, bill_depth_mm: 13.2, flipper_length_mm: 211, body_mass_g: 4500, sex: 'female' };
    const res = await fetch(`${server.match[1]}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: [row] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { predictions: { prediction: string; probabilities: Record<string, number> }[] };
    // The species in penguins.csv (cut -d, -f1 | sort -u).
    expect(['Adelie', 'Chinstrap', 'Gentoo']).toContain(body.predictions[0].prediction);
    await stopped(await server.interrupt(), `${server.match[1]}/v2/health/live`);
  });

  it("ONNXRUNTIME_NODE_INSTALL=skip is what onnxruntime-node's install script obeys, and package.json covers every install script", async () => {
    const skip = await runShell('ONNXRUNTIME_NODE_INSTALL=skip node node_modules/onnxruntime-node/script/install.js && echo skipped', ROOT);
    ok(skip);
    expect(skip.stdout.trim()).toBe('skipped');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.split('node_modules/').at(-1)!);
    expect(withScripts.filter((name) => !(name in pkg.allowScripts))).toEqual([]);
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false);
  });

  it("ELECTRON_OVERRIDE_DIST_PATH is where Electron's launcher looks for the binary", async () => {
    const r = await runShell(`ELECTRON_OVERRIDE_DIST_PATH=${ELECTRON_DIST} node -p "require('electron')"`, ROOT);
    ok(r);
    expect(r.stdout.trim().startsWith(`${ELECTRON_DIST}/`)).toBe(true);
  });
});

function lastPenguinsRun(runs: string): string {
  const files = readdirSync(runs).filter((f) => f.endsWith('.json') && readFileSync(join(runs, f), 'utf8').includes('penguins-quick-start'));
  expect(files.length, `no run record of penguins-quick-start in ${runs}`).toBeGreaterThan(0);
  return files.sort().at(-1)!;
}
