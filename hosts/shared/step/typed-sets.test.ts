/**
 * Workflow parameters arrive as text: a text-like param keeps what was typed even when it reads as
 * JSON ("5", "true"), while numbers, booleans and lists are JSON as for `run --set`.
 */
import { describe, expect, it } from 'vitest';
import { defineNode } from '../../../engine/node-def.js';
import { typedSets } from './typed-sets.js';

const def = defineNode({
  type: 't',
  typeVersion: 1,
  title: 'T',
  stage: 'prepare',
  icon: 'x',
  description: 'test',
  inputs: [],
  outputs: [],
  params: {
    target: { kind: 'column', port: 'in', label: 'Target', default: '' },
    query: { kind: 'text', label: 'Query', default: '' },
    epochs: { kind: 'integer', label: 'Epochs', default: 1 },
    layers: { kind: 'list', label: 'Layers', default: [] },
  },
});
const nodes = [{ id: 'n', type: 't' }];
/** How `applySets` reads a value (cli/pipeline-file.ts parseSetValue): JSON when it parses, else text. */
const valueOf = (set: string): unknown => {
  const text = set.slice(set.indexOf('=') + 1);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

describe('typedSets', () => {
  it('keeps text params as typed and leaves the others to JSON', () => {
    const out = typedSets(['n.target=5', 'n.query=true', 'n.query="quoted"', 'n.epochs=20', 'n.layers=["64","32"]', 'n.target=income'], nodes, [def]);
    expect(out.map(valueOf)).toEqual(['5', 'true', 'quoted', 20, ['64', '32'], 'income']);
  });

  it('passes sets it cannot place unchanged, for applySets to report', () => {
    expect(typedSets(['other.x=1', 'n.unknown=1', 'garbage'], nodes, [def])).toEqual(['other.x=1', 'n.unknown=1', 'garbage']);
  });
});
