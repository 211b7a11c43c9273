/**
 * The cache key hashes the params as the runner receives them (parseParams): two documents that
 * give a node the same values give it the same key, however the values were written.
 */
import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../document/schema.js';
import { defineNode } from '../node-def.js';
import { computeKeys } from './cache-key.js';

const def = defineNode({
  type: 'test.layers',
  typeVersion: 1,
  title: 'Layers',
  stage: 'train',
  icon: 'x',
  description: 'A share, a list of sizes and a mode that hides them.',
  inputs: [],
  outputs: [],
  params: {
    share: { kind: 'number', label: 'Share', default: 0.2, min: 0, max: 1 },
    mode: {
      kind: 'select',
      label: 'Mode',
      default: 'deep',
      options: [
        { value: 'deep', label: 'Deep' },
        { value: 'flat', label: 'Flat' },
      ],
    },
    sizes: { kind: 'list', label: 'Sizes', default: ['64', '64'], integerItems: { min: 1, max: 4096 }, showWhen: { mode: 'deep' } },
  },
});

async function keyOf(params: Record<string, unknown>): Promise<string> {
  const doc: PipelineDocument = {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'p',
    name: 'Keys',
    nodes: [{ id: 'n', type: def.type, typeVersion: 1, params, position: { x: 0, y: 0 } }],
    edges: [],
  };
  const keys = await computeKeys(doc, [def], ['n'], (p) => p);
  return keys.get('n')!.key;
}

describe('cache key of parsed params', () => {
  it('defaults left out or given, and sizes written "64, 64", as two texts or as numbers, give one key', async () => {
    // Defaults were already filled before parseParams; the sizes written three ways were not.
    const forms = [{}, { share: 0.2, mode: 'deep', sizes: ['64', '64'] }, { sizes: ['64, 64'] }, { sizes: [64, 64] }];
    const keys = new Set(await Promise.all(forms.map(keyOf)));
    expect(keys.size).toBe(1);
    // and other sizes another key.
    expect(keys.has(await keyOf({ sizes: ['64', '32'] }))).toBe(false);
  });
});
