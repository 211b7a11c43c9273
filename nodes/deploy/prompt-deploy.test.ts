/**
 * Deploy on a prompt package: the provider's host is a trust decision like a Deploy address, and the
 * provider's key reaches the server by its secret name. The service manager is a recorder here: the
 * real one, with real server processes, runs in test/prompt-e2e.test.ts.
 */
import { expect, it } from 'vitest';
import { createTestContext } from '../../engine/testing/fake-context.js';
import type { DeployRequest } from '../../engine/services.js';
import type { ModelValue, PromptModelSpec } from '../../engine/values.js';
import { deployRunner } from './run.js';

const spec = (baseUrl: string): PromptModelSpec => ({
  provider: 'openai',
  baseUrl,
  model: 'gpt-4o-mini',
  apiKeyName: 'OPENAI_API_KEY',
  variants: [{ name: 'v1', system: '', template: '{{text}}' }],
  placeholders: ['text'],
  outputMode: 'text',
  sampling: { temperature: 0, maxTokens: 16 },
  variant: 'v1',
});
const packaged = (baseUrl: string): ModelValue => ({
  kind: 'model',
  dir: '/registry/sentiment/1',
  format: 'llm',
  task: 'text',
  prompt: spec(baseUrl),
  package: { name: 'sentiment', version: 1, hash: 'h', stage: 'none' },
  summary: {},
});

async function deployWith(model: ModelValue, allowedHosts: string[], secrets: Record<string, string>) {
  const ctx = await createTestContext({ nodeId: 'dep', secrets });
  const asked: Omit<DeployRequest, 'owner'>[] = [];
  const services = {
    deploy: async (r: Omit<DeployRequest, 'owner'>) => {
      asked.push(r);
      return { serviceId: 's1', url: 'http://127.0.0.1:1', pid: 1, model: 'sentiment', version: '1', logDir: '/log' };
    },
  };
  try {
    const out = await deployRunner.run({ ...ctx, allowedHosts, services }, { model }, {});
    return { out, asked };
  } finally {
    ctx.data.close();
  }
}

it('refuses a prompt package whose provider host the user did not allow, naming the host and how to allow it', async () => {
  const refused = deployWith(packaged('https://api.example.com/v1'), [], { OPENAI_API_KEY: 'k' });
  await expect(refused).rejects.toMatchObject({
    code: 'HOST_NOT_ALLOWED',
    message:
      'the prompt package sentiment version 1 sends the rows its endpoint receives to api.example.com (https://api.example.com/v1), a host this pipeline is not allowed to reach',
    hint: 'If you trust api.example.com, allow it in the window, or pass --allow-host api.example.com to the CLI.',
  });
});

it('an allowed provider host is deployed with the provider key under its secret name, and no v2 infer route', async () => {
  const { out, asked } = await deployWith(packaged('https://api.example.com/v1'), ['api.example.com'], { OPENAI_API_KEY: 'k-value' });
  expect(asked[0].providerKey).toEqual({ secretName: 'OPENAI_API_KEY', value: 'k-value' });
  expect((out.endpoint as { routes: string[] }).routes).toEqual(['/predict', '/v2/health/ready', '/metrics', '/openapi.json']);
});

it("a Prompt node's output that was not packaged is refused with what to put between", async () => {
  const { package: _p, ...unpackaged } = packaged('http://127.0.0.1:9/v1');
  await expect(deployWith(unpackaged, [], {})).rejects.toMatchObject({ code: 'MODEL_NOT_SERVABLE' });
});
