/**
 * A prompt package as a workspace service, with a real server process: the provider key the Deploy
 * node read from the keychain reaches the server only through its environment, under the secret
 * name the package reads, and never lands in the service registry or the server's output file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writePromptPackage } from '../../../engine/models/package/prompt-package.js';
import { startStandIn, type StandIn } from '../../../engine/testing/openai-stand-in.js';
import { TEST_KEYS } from '../../../engine/testing/test-keys.fixture.js';
import { ServiceManager } from './service-manager.js';

const KEY = TEST_KEYS.openai;
// Not in this process's environment: only the deploy request carries the value, as from a keychain.
const KEY_NAME = 'LS_PROMPT_SERVICE_TEST_KEY';
let standIn: StandIn;
let workspace: string;
let manager: ServiceManager;
let packageDir: string;

beforeAll(async () => {
  delete process.env[KEY_NAME];
  standIn = await startStandIn({ apiKey: KEY });
  workspace = mkdtempSync(join(tmpdir(), 'ls-prompt-service-'));
  manager = new ServiceManager({ workspaceDir: workspace });
  packageDir = join(workspace, 'models', 'sentiment', '1');
  await writePromptPackage(packageDir, {
    name: 'sentiment',
    version: 1,
    variant: 'v1',
    lineage: { inputs: [], libraries: {}, missing: [] },
    prompt: {
      provider: 'openai',
      baseUrl: standIn.baseURL,
      model: 'stand-in-small',
      apiKeyName: KEY_NAME,
      variants: [{ name: 'v1', system: 'Answer positive or negative.', template: '{{text}}' }],
      placeholders: ['text'],
      outputMode: 'label',
      labels: ['positive', 'negative'],
      sampling: { temperature: 0, maxTokens: 5 },
    },
  });
});
afterAll(async () => {
  for (const s of (await manager?.list()) ?? []) if (s.status !== 'stopped') await manager.stop(s.id);
  await standIn?.close();
});

const request = { modelDir: '', host: '127.0.0.1', port: 0, keepRunning: false };

it('without the provider key the server refuses to start, naming the environment variable', async () => {
  await expect(manager.deploy({ ...request, owner: 'p/no-key', modelDir: packageDir })).rejects.toThrow(
    `the key in environment variable ${KEY_NAME}, which is not set on this machine`,
  );
});

it('the provider key reaches the server in its environment under the name the package reads, and nowhere on disk', async () => {
  const service = await manager.deploy({ ...request, owner: 'p/deploy', modelDir: packageDir, providerKey: { secretName: KEY_NAME, value: KEY } });
  expect([service.model, service.version]).toEqual(['sentiment', '1']);
  const res = await fetch(`${service.url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rows: [{ text: 'great food' }] }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { predictions: { reply: string }[] }).predictions[0].reply).toBe('positive');
  expect(standIn.requests.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
  const [info] = (await manager.list()).filter((s) => s.id === service.serviceId);
  expect(readFileSync(join(workspace, 'services', 'services.json'), 'utf8')).not.toContain(KEY);
  expect(readFileSync(info.outputFile, 'utf8')).not.toContain(KEY);
});
