/**
 * The exported Deployment against the server bundle it deploys: a real registered version, its
 * real bundle (writeServerBundle), the bundle's Dockerfile read line by line, then the bundle's
 * compiled server started with the Dockerfile's command in its folder and the manifest's
 * environment (the API key as the Secret would give it), its probe and metrics paths asked over
 * HTTP. Docker cannot run here: the image build itself is not tested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { registerModel } from '../engine/models/registry.js';
import { writeServerBundle } from '../server/bundle/write-bundle.js';
import { ROOT, runCli, tempDir } from './testing/cli-harness.js';
import { all, instructions } from './testing/dockerfile.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const MODEL_DIR = join(ROOT, 'engine', 'models', 'fixtures', 'adult-linear-v1');
let workspace: string;
let bundle: string;
let server: ChildProcess | undefined;

async function exported(args: string[]): Promise<Obj[]> {
  const r = await runCli(['export-model', 'adult@1', '--workspace', workspace, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj);
}

/** Starts `command` in `cwd` and resolves with the URL it prints once listening. */
function start(command: string[], cwd: string, env: Record<string, string>): Promise<string> {
  return new Promise((done, fail) => {
    server = spawn(command[0] === 'node' ? process.execPath : command[0], command.slice(1), { cwd, env: { ...process.env, ...env } });
    let out = '';
    server.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const url = /at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) done(url);
    });
    server.stderr!.on('data', (b: Buffer) => process.stderr.write(b));
    server.once('exit', (code) => fail(new Error(`the server exited with ${code} before listening: ${out}`)));
  });
}

beforeAll(async () => {
  workspace = tempDir('ls-export-model-');
  const lineage = { inputs: [], libraries: {}, missing: [] };
  const v = await registerModel(join(workspace, 'models'), { name: 'adult', modelDir: MODEL_DIR, lineage });
  bundle = await writeServerBundle(v.dir);
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((done) => server!.once('exit', done));
    server.kill('SIGTERM');
    await exited;
  }
});

describe('export-model and the server bundle', () => {
  it("runs the bundle Dockerfile's command, port, user and image tag, the model baked in", async () => {
    const [dep] = await exported(['--to', 'kubernetes']);
    const dockerfile = readFileSync(join(bundle, 'Dockerfile'), 'utf8');
    const steps = instructions(dockerfile);
    const one = (k: string) => all(steps, k);
    const c = dep.spec.template.spec.containers[0];
    expect(c.command).toEqual(JSON.parse(one('CMD')[0]));
    expect(one('WORKDIR')).toEqual(['/app']);
    expect(one('COPY')).toContain('model ./model');
    expect(one('EXPOSE')).toEqual([String(c.ports[0].containerPort)]);
    expect(one('ENV').join(' ')).toContain(`PORT=${c.ports[0].containerPort}`);
    expect(one('USER')).toEqual(['node']);
    expect(one('HEALTHCHECK')[0]).toContain(c.readinessProbe.httpGet.path);
    // No --image: the tag the bundle's own build line gives.
    expect(dockerfile.split('\n')[0]).toContain(`docker build -t ${c.image} .`);
    expect(c.volumeMounts).toBeUndefined();
  });

  it('the compiled server, started as the manifest says, answers the probes without the key and /metrics only with it', async () => {
    const [dep] = await exported(['--to', 'kubernetes', '--api-key-secret', 'adult-key']);
    const c = dep.spec.template.spec.containers[0];
    expect(c.env.find((e: Obj) => e.name === 'API_KEY').valueFrom.secretKeyRef).toEqual({ name: 'adult-key', key: 'api-key' });
    // The bundle's native dependencies, which `npm install` puts beside server.mjs in the image.
    symlinkSync(join(ROOT, 'node_modules'), join(bundle, 'node_modules'), 'dir');
    // PORT 0 and loopback on a shared machine; the image's PORT=8080 and the manifest's HOST=0.0.0.0 are checked above.
    const url = await start(c.command, bundle, { PORT: '0', HOST: '127.0.0.1', API_KEY: 'test-key' });
    for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe]) expect((await fetch(`${url}${probe.httpGet.path}`)).status).toBe(200);
    const path = dep.spec.template.metadata.annotations['prometheus.io/path'];
    expect(dep.spec.template.metadata.annotations['prometheus.io/scrape']).toBe('false');
    expect((await fetch(`${url}${path}`)).status).toBe(401);
    const keyed = await fetch(`${url}${path}`, { headers: { authorization: 'Bearer test-key' } });
    expect(keyed.status).toBe(200);
    expect(await keyed.text()).toMatch(/^# HELP /m);
    expect((await fetch(`${url}/v2/models/adult/ready`, { headers: { 'x-api-key': 'test-key' } })).status).toBe(200);
  });
});
