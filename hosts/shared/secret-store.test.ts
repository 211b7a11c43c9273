import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../engine/contract.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { createEngine, type Engine } from '../../engine/engine.js';
import { defineNode } from '../../engine/node-def.js';
import { defineRunner, NodeError } from '../../engine/node-run.js';
import { EncryptedSecretFile, SECRETS_FILE, type SecretCipher } from './secret-store.js';
import { createStudioHandlers, handleRequest } from './studio-handlers.js';

/** AES-256-GCM with a key held in memory: a real cipher standing in for the OS keychain's key. */
function memoryCipher(unavailable?: string): SecretCipher {
  const key = randomBytes(32);
  return {
    unavailableReason: () => unavailable,
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(data) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

// A node that needs a secret and reports only its length, so the test can prove the value arrived.
const callDef = defineNode({
  type: 'test.call-api',
  typeVersion: 1,
  title: 'Call API',
  stage: 'deploy',
  icon: 'globe',
  description: 'Reads a secret.',
  inputs: [],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  params: { apiKey: { kind: 'secret', label: 'API key', default: '' } },
});
const callNode = defineRunner(callDef, async (ctx, _inputs, params) => {
  const value = ctx.secret(params.apiKey);
  if (value === undefined) throw new NodeError('SECRET_MISSING', `secret "${params.apiKey}" is not set`);
  return { metrics: { kind: 'metrics' as const, metrics: { keyLength: value.length } } };
});

const SECRET_VALUE = 'sk-test-5f1c2a9e8b7d6c4e3a2b1c0d9e8f7a6b';
const doc: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'secret-run',
  name: 'Secret run',
  nodes: [{ id: 'call', type: 'test.call-api', typeVersion: 1, params: { apiKey: 'STUDIO_TEST_API_KEY' }, position: { x: 0, y: 0 } }],
  edges: [],
};
const paramKind = (type: string, param: string) => (type === callDef.type ? callDef.params[param as 'apiKey']?.kind : undefined);

let dir: string;
let engine: Engine | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-secrets-'));
});
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function filesUnder(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(folder, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(join(e.parentPath, e.name));
  return out;
}

describe('EncryptedSecretFile', () => {
  it('keeps only ciphertext on disk, readable by the user alone, and reads values back', async () => {
    const store = new EncryptedSecretFile(dir, memoryCipher());
    await store.set('OPENAI_API_KEY', SECRET_VALUE);
    await store.set('OTHER', 'v2');
    const text = await readFile(join(dir, SECRETS_FILE), 'utf8');
    expect(text).not.toContain(SECRET_VALUE);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['OPENAI_API_KEY', 'OTHER']);
    if (process.platform !== 'win32') expect((await stat(join(dir, SECRETS_FILE))).mode & 0o777).toBe(0o600);
    expect(await store.get('OPENAI_API_KEY')).toBe(SECRET_VALUE);
    expect(await store.names()).toEqual(['OPENAI_API_KEY', 'OTHER']);
    expect(await store.delete('OTHER')).toBe(true);
    expect(await store.delete('OTHER')).toBe(false);
    expect(await store.names()).toEqual(['OPENAI_API_KEY']);
  });

  it('refuses to store when the keychain cannot encrypt, saying what to do', async () => {
    const store = new EncryptedSecretFile(dir, memoryCipher('no keyring is running; set the secret as an environment variable instead'));
    await expect(store.set('K', 'v')).rejects.toMatchObject({ code: 'SECRET_STORE_UNAVAILABLE', message: expect.stringContaining('environment variable') });
  });
});

describe('secret requests', () => {
  const handlersWith = (extra: Partial<Parameters<typeof createStudioHandlers>[0]>, events: StudioEvent[] = []) =>
    createStudioHandlers({
      engine: engine!,
      engineInfo: async () => ({ tfBackend: 'none', versions: {}, workspaceDir: dir }),
      configDir: join(dir, 'config'),
      emit: (e) => events.push(e),
      paramKind,
      env: { PRESENT_IN_ENV: 'from-env' },
      ...extra,
    }).handlers;

  it('lists names and sources, never values; the browser mode refuses to store and points to the environment', async () => {
    engine = await createEngine({ nodes: [callNode], workspaceDir: join(dir, 'ws') });
    const store = new EncryptedSecretFile(join(dir, 'config'), memoryCipher());
    const desktop = handlersWith({ secretStore: store });
    expect(await handleRequest(desktop, 'setSecret', ['STUDIO_TEST_API_KEY', SECRET_VALUE])).toEqual({ name: 'STUDIO_TEST_API_KEY', source: 'keychain' });
    const list = await desktop.listSecrets(['STUDIO_TEST_API_KEY', 'PRESENT_IN_ENV', 'NOWHERE']);
    expect(list).toEqual({
      secrets: [
        { name: 'STUDIO_TEST_API_KEY', source: 'keychain' },
        { name: 'PRESENT_IN_ENV', source: 'environment' },
      ],
      missing: ['NOWHERE'],
      store: { writable: true },
    });
    expect(JSON.stringify(list)).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(list)).not.toContain('from-env');

    const browser = handlersWith({});
    await expect(handleRequest(browser, 'setSecret', ['STUDIO_TEST_API_KEY', SECRET_VALUE])).rejects.toMatchObject({
      code: 'SECRET_STORE_UNAVAILABLE',
      message: expect.stringContaining('(export STUDIO_TEST_API_KEY=...) and restart the server'),
    });
    expect(await browser.listSecrets(['PRESENT_IN_ENV', 'STUDIO_TEST_API_KEY'])).toMatchObject({
      secrets: [{ name: 'PRESENT_IN_ENV', source: 'environment' }],
      missing: ['STUDIO_TEST_API_KEY'],
      store: { writable: false, reason: expect.stringContaining('environment variable') },
    });
    // A bad request never echoes what was sent: the name field may hold a pasted key.
    const bad = handleRequest(desktop, 'setSecret', [SECRET_VALUE, 'x']);
    await expect(bad).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await bad.catch((err: Error) => expect(err.message).not.toContain(SECRET_VALUE));
  });

  it('passes the keychain value to the run, and neither the run record, its events nor any workspace file hold it', async () => {
    engine = await createEngine({ nodes: [callNode], workspaceDir: join(dir, 'ws') });
    const store = new EncryptedSecretFile(join(dir, 'config'), memoryCipher());
    await store.set('STUDIO_TEST_API_KEY', SECRET_VALUE);
    const events: StudioEvent[] = [];
    const h = handlersWith({ secretStore: store }, events);
    const finished = new Promise<StudioEvent>((resolve) => {
      const timer = setInterval(() => {
        const done = events.find((e) => e.type === 'run-finished');
        if (done) {
          clearInterval(timer);
          resolve(done);
        }
      }, 20);
    });
    const { runId } = (await handleRequest(h, 'startRun', [doc, {}])) as { runId: string };
    expect(await finished).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    const record = await h.getRun(runId);
    // The value is 40 characters long (counted with `printf %s ... | wc -c`).
    expect(record?.nodes.call.outputs?.metrics).toMatchObject({ metrics: { keyLength: 40 } });
    expect(JSON.stringify(record)).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(events)).not.toContain(SECRET_VALUE);
    const files = await filesUnder(dir);
    expect(files.some((f) => f.includes(join('ws', 'runs')))).toBe(true);
    for (const f of files) expect((await readFile(f)).includes(SECRET_VALUE), f).toBe(false);
  }, 60_000);
});
