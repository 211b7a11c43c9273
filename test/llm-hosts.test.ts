/**
 * Which Prompt-node hosts a run refuses (engine/security/run-hosts.ts with outbound-hosts.ts): any
 * host of the base URL other than loopback, unless allowed for the pipeline; the message names the
 * rows sent (the label of the node feeding the table) and the host.
 */
import { expect, it } from 'vitest';
import type { PipelineDocument } from '../engine/document/schema.js';
import { assertRunHosts, findRefusedHosts } from '../engine/security/run-hosts.js';
import { nodeDefs } from '../nodes/defs.js';

function doc(baseUrl: string | undefined, type: 'prompt' | 'embed' = 'prompt', rows = 'adult-test'): PipelineDocument {
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'p',
    name: 'p',
    nodes: [
      { id: 'import', type: 'import-dataset', typeVersion: 1, label: rows, params: { path: 'a.csv' }, position: { x: 0, y: 0 } },
      { id: type, type, typeVersion: 1, params: baseUrl === undefined ? {} : { baseUrl }, position: { x: 1, y: 0 } },
    ],
    edges: [{ id: 'e', source: { node: 'import', port: 'table' }, target: { node: type, port: 'table' } }],
  } as PipelineDocument;
}

const refused = (baseUrl: string | undefined, allowed: string[] = []) =>
  findRefusedHosts(doc(baseUrl), nodeDefs, ['import', 'prompt'], allowed).map((r) => r.host);

it('loopback is allowed by default; any other host must be allowed, the default OpenAI one included', () => {
  expect(refused('http://127.0.0.1:11434/v1')).toEqual([]);
  expect(refused('http://localhost:8000/v1')).toEqual([]);
  expect(refused('http://[::1]:8000/v1')).toEqual([]);
  expect(refused(undefined)).toEqual(['api.openai.com']);
  expect(refused('https://api.example.com/v1')).toEqual(['api.example.com']);
  expect(refused('https://api.example.com/v1', ['API.example.com'])).toEqual([]);
  expect(refused('https://api.example.com/v1', ['other.example.com'])).toEqual(['api.example.com']);
});

it('the refusal says whose rows would go where, and how to allow it', () => {
  let error: { code?: string; message?: string; hint?: string } = {};
  try {
    assertRunHosts(doc('https://api.example.com/v1'), nodeDefs, ['import', 'prompt'], []);
  } catch (err) {
    error = err as typeof error;
  }
  expect(error.code).toBe('HOST_NOT_ALLOWED');
  expect(error.message).toBe(
    'node "prompt", param "baseUrl": this pipeline sends rows of adult-test to api.example.com, a host other than this machine that it may not use by itself',
  );
  expect(error.hint).toContain('--allow-host api.example.com');
  // No list at all: trusted embedding (tests, benchmarks), no check, as for folders.
  expect(() => assertRunHosts(doc('https://api.example.com/v1'), nodeDefs, ['prompt'], undefined)).not.toThrow();
});

// The Embed node declares `sendsRowsTo: 'baseUrl'` too, so the same trust covers its texts.
it('an Embed node is held to the same rule, and its refusal names its rows and host', () => {
  const embedRefused = (baseUrl: string | undefined, allowed: string[] = []) =>
    findRefusedHosts(doc(baseUrl, 'embed'), nodeDefs, ['import', 'embed'], allowed).map((r) => r.host);
  expect(embedRefused('http://127.0.0.1:11434/v1')).toEqual([]);
  expect(embedRefused(undefined)).toEqual(['api.openai.com']);
  expect(embedRefused('https://emb.example.com/v1', ['emb.example.com'])).toEqual([]);
  expect(() => assertRunHosts(doc('https://emb.example.com/v1', 'embed', 'yelp reviews'), nodeDefs, ['import', 'embed'], [])).toThrow(
    'node "embed", param "baseUrl": this pipeline sends rows of yelp reviews to emb.example.com, a host other than this machine that it may not use by itself',
  );
});
