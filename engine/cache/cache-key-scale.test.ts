/**
 * Cache keys for a long chain read each edge a bounded number of times (counted through a proxy,
 * not timed): a scan of every edge per node made planning at the node limit quadratic.
 */
import { describe, expect, it } from 'vitest';
import { fakeDefs, makeDoc } from '../testing/fake-nodes.fixture.js';
import { topologicalLayers } from '../graph/graph-walk.js';
import { computeKeys } from './cache-key.js';

describe('computeKeys work', () => {
  it('a 5,000-node chain reads its edges about once each', async () => {
    const n = 5_000;
    const nodes: [string, string][] = [['n0', 'source']];
    const edges: string[] = [];
    for (let i = 1; i < n; i++) {
      nodes.push([`n${i}`, 'scale']);
      edges.push(`n${i - 1}.table -> n${i}.table`);
    }
    const doc = makeDoc(nodes, edges);
    const order = topologicalLayers(doc).flat();
    let reads = 0;
    doc.edges = new Proxy(doc.edges, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const keys = await computeKeys(doc, fakeDefs, order, (p) => p);
    expect(keys.size).toBe(n);
    // Each scale node's key depends on its upstream's: n distinct keys along the chain.
    expect(new Set([...keys.values()].map((k) => k.key)).size).toBe(n);
    expect(keys.get('n4999')?.inputs.table).toMatchObject({ node: 'n4998', port: 'table' });
    expect(reads).toBeLessThanOrEqual(2 * (n - 1));
  });
});
