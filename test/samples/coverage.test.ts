/**
 * Every shipped sample has expectations in exactly one group, so a new sample cannot silently rot:
 * a `*.pipeline.json` added to pipelines-samples/ without one fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ORDER } from '../../hosts/shared/sample-order.js';
import { SAMPLES } from './harness.js';
import { clusterSamples } from './cluster.samples.js';
import { lifecycleSamples } from './lifecycle.samples.js';
import { llmSamples } from './llm.samples.js';
import { monitorSamples } from './monitor.samples.js';
import { ownModelSamples } from './own-model.samples.js';
import { premadeSamples } from './premade.samples.js';
import { prepareSamples } from './prepare.samples.js';

const groups = [prepareSamples, ownModelSamples, lifecycleSamples, clusterSamples, premadeSamples, llmSamples, monitorSamples];

describe('sample pipelines', () => {
  it('each sample has golden expectations in one group', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.pipeline.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const checked = groups.flatMap((g) => Object.keys(g));
    expect(files.filter((f) => !checked.includes(f))).toEqual([]);
    // No expectation for a file that is gone, nor one sample in two groups.
    expect(checked.filter((f) => !files.includes(f))).toEqual([]);
    expect(new Set(checked).size).toBe(checked.length);
  });

  it('list params of whole numbers hold numbers, as the app saves them (hiddenLayers: [64, 64], not ["64", "64"])', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.pipeline.json'));
    const texts = files.map((f) => ({
      f,
      doc: JSON.parse(readFileSync(join(SAMPLES, f), 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[] },
    }));
    const strings = texts.flatMap(({ f, doc }) =>
      doc.nodes.filter((n) => Array.isArray(n.params.hiddenLayers) && n.params.hiddenLayers.some((v) => typeof v !== 'number')).map((n) => `${f}: ${n.id}`),
    );
    expect(strings).toEqual([]);
  });

  it("the README's table lists every sample once, in the gallery's order", () => {
    const readme = readFileSync(join(SAMPLES, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(SAMPLE_ORDER);
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.pipeline.json'));
    expect([...SAMPLE_ORDER].sort()).toEqual(files.map((f) => f.replace(/\.pipeline\.json$/, '')).sort());
  });
});
