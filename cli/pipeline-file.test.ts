import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineNode, type NodeDef } from '../engine/node-def.js';
import { applySets, defaultWorkspace, loadPipelineFile, parseSetValue, secretsFromEnv } from './pipeline-file.js';

const doc = () => ({
  nodes: [
    { id: 'split', params: { ratio: 0.8 } },
    { id: 'imp', params: {} },
  ],
});

describe('parseSetValue', () => {
  it('reads JSON when it parses and keeps anything else as text', () => {
    expect(parseSetValue('0.7')).toBe(0.7);
    expect(parseSetValue('true')).toBe(true);
    expect(parseSetValue('["a","b"]')).toEqual(['a', 'b']);
    expect(parseSetValue('income')).toBe('income');
    expect(parseSetValue('0,8')).toBe('0,8');
  });
});

describe('applySets', () => {
  it('overrides params in place', () => {
    const d = doc();
    expect(applySets(d, ['split.ratio=0.6', 'imp.path=data/x.csv'])).toEqual([]);
    expect(d.nodes[0].params).toEqual({ ratio: 0.6 });
    expect(d.nodes[1].params).toEqual({ path: 'data/x.csv' });
  });

  it('names the bad override and lists the node ids when the node is unknown', () => {
    const issues = applySets(doc(), ['splt.ratio=0.6', 'ratio']);
    expect(issues.map((i) => i.path)).toEqual(['--set[0] "splt.ratio=0.6"', '--set[1] "ratio"']);
    expect(issues[0].message).toBe('no node with id "splt" in this pipeline (its nodes: "split", "imp")');
    expect(issues[1].message).toContain('expected <node>.<param>=<value>');
  });

  it('refuses a param the node type does not have, listing the ones it has', () => {
    const split = defineNode({
      type: 'split',
      typeVersion: 1,
      title: 'Split',
      stage: 'prepare',
      icon: 'x',
      description: 'd',
      inputs: [],
      outputs: [],
      params: { testRatio: { kind: 'number', label: 'Test share', default: 0.2 }, seed: { kind: 'integer', label: 'Seed', default: 42 } },
    });
    const d = { nodes: [{ id: 'split', type: 'split', params: { testRatio: 0.2 } }] };
    const issues = applySets(d, ['split.ratio=0.3', 'split.testRatio=0.3'], [split as NodeDef]);
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toBe('"ratio" is not a param of node "split" (split); its params: testRatio, seed');
    expect(d.nodes[0].params).toEqual({ testRatio: 0.3 });
  });
});

describe('loadPipelineFile', () => {
  it('reports a missing file and broken JSON as issues', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-pf-'));
    const missing = await loadPipelineFile(join(dir, 'nope.json'));
    expect(missing.issues[0].message).toBe('cannot read the pipeline file (no such file)');
    writeFileSync(join(dir, 'bad.json'), '{"nodes": [');
    const bad = await loadPipelineFile(join(dir, 'bad.json'));
    expect(bad.issues[0].code).toBe('JSON_INVALID');
    expect(defaultWorkspace(join(dir, 'p.json'))).toBe(join(dir, '.lifecycle-studio'));
  });
});

describe('secretsFromEnv', () => {
  it('passes on only the environment variables that secret params name', () => {
    const def = defineNode({
      type: 'call-api',
      typeVersion: 1,
      title: 'Call',
      stage: 'prompt',
      icon: 'x',
      description: 'd',
      inputs: [],
      outputs: [],
      params: { key: { kind: 'secret', label: 'Key', default: 'OPENAI_API_KEY' }, note: { kind: 'text', label: 'n', default: 'HOME' } },
    }) as NodeDef;
    const env = { OPENAI_API_KEY: 'sk-1', MY_KEY: 'k-2', HOME: '/root' };
    expect(secretsFromEnv([{ type: 'call-api', params: {} }], [def], env)).toEqual({ OPENAI_API_KEY: 'sk-1' });
    expect(secretsFromEnv([{ type: 'call-api', params: { key: 'MY_KEY' } }], [def], env)).toEqual({ MY_KEY: 'k-2' });
  });
});
