/**
 * The Embed node's base URL falls under the same outbound-host trust as the Prompt node's (its def
 * declares `sendsRowsTo: 'baseUrl'`): loopback allowed, any other host refused until allowed.
 */
import { expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { assertRunHosts, findRefusedHosts } from '../../engine/security/run-hosts.js';
import { nodeDefs } from '../defs.js';

function doc(baseUrl: string | undefined): PipelineDocument {
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'p',
    name: 'p',
    nodes: [
      { id: 'import', type: 'import-dataset', typeVersion: 1, label: 'yelp reviews', params: { path: 'a.csv' }, position: { x: 0, y: 0 } },
      { id: 'embed', type: 'embed', typeVersion: 1, params: baseUrl === undefined ? {} : { baseUrl }, position: { x: 1, y: 0 } },
    ],
    edges: [{ id: 'e', source: { node: 'import', port: 'table' }, target: { node: 'embed', port: 'table' } }],
  } as PipelineDocument;
}

const refused = (baseUrl: string | undefined, allowed: string[] = []) =>
  findRefusedHosts(doc(baseUrl), nodeDefs, ['import', 'embed'], allowed).map((r) => r.host);

it('loopback passes; the default OpenAI host and any other must be allowed', () => {
  expect(refused('http://127.0.0.1:11434/v1')).toEqual([]);
  expect(refused(undefined)).toEqual(['api.openai.com']);
  expect(refused('https://emb.example.com/v1')).toEqual(['emb.example.com']);
  expect(refused('https://emb.example.com/v1', ['emb.example.com'])).toEqual([]);
});

it('the refusal names the node, the rows and the host, and how to allow it', () => {
  let error: { code?: string; message?: string; hint?: string } = {};
  try {
    assertRunHosts(doc('https://emb.example.com/v1'), nodeDefs, ['import', 'embed'], []);
  } catch (err) {
    error = err as typeof error;
  }
  expect(error.code).toBe('HOST_NOT_ALLOWED');
  expect(error.message).toBe(
    'node "embed", param "baseUrl": this pipeline sends rows of yelp reviews to emb.example.com, a host other than this machine that it may not use by itself',
  );
  expect(error.hint).toContain('--allow-host emb.example.com');
});
