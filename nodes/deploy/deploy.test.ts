/** The Deploy node's own refusals (no service manager, a missing API key secret, an archived model) and the loopback check its host param goes through. */
import { describe, expect, it } from 'vitest';
import { findRefusedHosts, isLoopback } from '../../engine/security/run-hosts.js';
import { createTestContext } from '../../engine/testing/fake-context.js';
import type { ModelValue } from '../../engine/values.js';
import { deployDef } from './def.js';
import { deployRunner } from './run.js';

const model: ModelValue = { kind: 'model', dir: '/nowhere/model', format: 'onnx', summary: {} };
const node = (host: string) => ({ id: 'dep', type: 'deploy', typeVersion: 1, params: { host }, position: { x: 0, y: 0 } });
const docWith = (host: string) => ({
  format: 'lifecycle-studio.pipeline' as const,
  schemaVersion: 1 as const,
  id: 'p',
  name: 'p',
  nodes: [node(host)],
  edges: [],
});

describe('Deploy node', () => {
  it('says clearly when the engine has no service manager', async () => {
    const ctx = await createTestContext({ nodeId: 'dep' });
    try {
      await expect(deployRunner.run(ctx, { model }, {})).rejects.toMatchObject({
        code: 'SERVICES_UNAVAILABLE',
        message: 'this engine has no service manager, so it cannot start a model server',
      });
    } finally {
      ctx.data.close();
    }
  });

  it('refuses an API key secret that is not set, naming it, before asking for a service', async () => {
    const ctx = await createTestContext({ nodeId: 'dep' });
    const asked: unknown[] = [];
    const withServices = { ...ctx, services: { deploy: async (r: unknown) => (asked.push(r), Promise.reject(new Error('not reached'))) } };
    try {
      await expect(deployRunner.run(withServices, { model }, { apiKeySecret: 'MODEL_KEY' })).rejects.toMatchObject({
        code: 'SECRET_MISSING',
        message: 'the API key secret "MODEL_KEY" is not set',
      });
      expect(asked).toEqual([]);
    } finally {
      ctx.data.close();
    }
  });

  it('refuses a model registered as archived (a refused challenger), before asking for a service', async () => {
    const ctx = await createTestContext({ nodeId: 'dep' });
    const asked: unknown[] = [];
    const withServices = { ...ctx, services: { deploy: async (r: unknown) => (asked.push(r), Promise.reject(new Error('not reached'))) } };
    const archived: ModelValue = { ...model, package: { name: 'adult', version: 3, hash: 'h', stage: 'archived' } };
    try {
      await expect(deployRunner.run(withServices, { model: archived }, {})).rejects.toMatchObject({
        code: 'MODEL_ARCHIVED',
        message: 'adult version 3 is registered as archived, so it is not deployed; the endpoint keeps serving what it served',
      });
      expect(asked).toEqual([]);
    } finally {
      ctx.data.close();
    }
  });

  it('treats only 127.0.0.0/8, ::1 and localhost as loopback; other addresses need the user', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'example.com', '128.0.0.1']) expect(isLoopback(h)).toBe(false);
    expect(findRefusedHosts(docWith('0.0.0.0'), [deployDef], ['dep'], [])).toEqual([{ nodeId: 'dep', param: 'host', host: '0.0.0.0' }]);
    expect(findRefusedHosts(docWith('0.0.0.0'), [deployDef], ['dep'], ['0.0.0.0'])).toEqual([]);
    expect(findRefusedHosts(docWith('127.0.0.1'), [deployDef], ['dep'], [])).toEqual([]);
  });
});
