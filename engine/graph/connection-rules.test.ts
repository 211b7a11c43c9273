import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeDefs, makeDoc } from '../testing/fake-nodes.fixture.js';
import { checkConnection } from './connection-rules.js';

const doc = makeDoc(
  [
    ['a', 'source'],
    ['b', 'scale'],
    ['c', 'sum'],
    ['m', 'model-sink'],
    ['g', 'gate'],
  ],
  ['a.table -> b.table', 'b.table -> c.table'],
);
const ref = (s: string) => ({ node: s.split('.')[0], port: s.split('.')[1] });
const check = (from: string, to: string) => checkConnection(doc, fakeDefs, ref(from), ref(to));

describe('checkConnection (drag-time rules)', () => {
  it('allows a matching free input and explains every refusal', () => {
    const open = makeDoc(
      [
        ['a', 'source'],
        ['b', 'scale'],
      ],
      [],
    );
    expect(checkConnection(open, fakeDefs, ref('a.table'), ref('b.table'))).toBeNull();
    expect(check('a.table', 'm.model')).toBe('a table output cannot feed a model input');
    expect(check('c.metrics', 'b.table')).toBe('a metrics output cannot feed a table input');
    expect(check('a.table', 'c.table')).toBe('input "Table" already has a connection; remove it first');
    expect(check('a.table', 'b.table')).toBe('these ports are already connected');
    expect(check('b.table', 'b.table')).toBe('a node cannot feed itself');
    expect(check('a.nope', 'g.metrics')).toBe('"Source" has no output "nope"');
    expect(check('c.metrics', 'g.nope')).toBe('"Gate" has no input "nope"');
    expect(check('x.table', 'b.table')).toBe('node "x" does not exist');
  });

  it('refuses a wire that would close a cycle', () => {
    const chain = makeDoc(
      [
        ['a', 'scale'],
        ['b', 'scale'],
        ['c', 'scale'],
      ],
      ['a.table -> b.table', 'b.table -> c.table'],
    );
    expect(checkConnection(chain, fakeDefs, ref('c.table'), ref('a.table'))).toBe('this wire would make a cycle ("a" already feeds "c")');
  });

  it('imports only types and node-def.ts, so the renderer can bundle it', () => {
    // The param files may import each other; each of them is checked here.
    const bundled = ['./connection-rules.ts', './param-validation.ts', './parse-params.ts', './param-checks.ts', './table-param.ts', './table-paste.ts'];
    for (const file of bundled) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/^import\s+(type\s+)?.*from\s+'([^']+)'/gm)].map((m) => (m[1] ? `type ${m[2]}` : m[2]));
      const allowed = (i: string) => i === '../node-def.js' || bundled.includes(i.replace(/\.js$/, '.ts'));
      expect(imports.filter((i) => !i.startsWith('type ') && !allowed(i))).toEqual([]);
    }
  });
});
