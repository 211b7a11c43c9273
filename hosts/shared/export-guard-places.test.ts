/**
 * The export guard looks at every string of the document, not only params: each realistic key
 * shape is planted in each place a user can type text, and must be found there (refusal) and gone
 * from the redacted copy (recovery), with the rest of the text kept.
 */
import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { ParamKind } from '../../engine/node-def.js';
import { redactKeys } from '../../engine/secrets/key-shapes.js';
import { keyCore, TEST_KEYS, type TestKeyName } from '../../engine/testing/test-keys.fixture.js';
import { describeSecretFindings, findSecretLikeValues, redactSecretLikeValues } from './export-guard.js';

const kinds: Record<string, ParamKind> = { sql: 'text', path: 'file', steps: 'records' };
const kindOf = (_type: string, param: string) => kinds[param];

function docWith(key: string): { doc: PipelineDocument; expected: { path: string; place: string }[] } {
  const doc: PipelineDocument = {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id: 'p1',
    name: `Churn model ${key}`,
    description: `Shared with the team. Temporary key: ${key} (rotate later)`,
    nodes: [
      { id: 'imp', type: 'import-dataset', typeVersion: 1, params: { path: 'data/churn.csv' }, position: { x: 0, y: 0 } },
      { id: 'q', type: 'sql-transform', typeVersion: 1, label: `Query ${key}`, params: { sql: `SELECT * FROM a -- ${key}` }, position: { x: 1, y: 0 } },
      { id: 'c', type: 'clean', typeVersion: 1, params: { steps: [{ op: 'replace', find: 'x', replacement: key }] }, position: { x: 2, y: 0 } },
    ],
    edges: [],
    notes: [{ id: 'n1', text: `remember:\n${key}\nthanks`, position: { x: 0, y: 100 } }],
  };
  const expected = [
    { path: 'name', place: 'the pipeline name' },
    { path: 'description', place: 'the pipeline description' },
    { path: 'nodes[1].label', place: `node "Query ${redactKeys(key)}", its label` },
    { path: 'nodes[1].params.sql', place: `node "Query ${redactKeys(key)}", param "sql"` },
    { path: 'nodes[2].params.steps[0].replacement', place: 'node "c", param "steps[0].replacement"' },
    { path: 'notes[0].text', place: 'note 1 (id "n1")' },
  ];
  return { doc, expected };
}

describe.each(Object.keys(TEST_KEYS) as TestKeyName[])('a %s key', (name) => {
  const key = TEST_KEYS[name];

  it('is found in the description, a label, SQL, a records field and a note, each named by place and JSON path', () => {
    const { doc, expected } = docWith(key);
    const findings = findSecretLikeValues(doc, kindOf);
    expect(findings.map((f) => f.path)).toEqual(expected.map((e) => e.path));
    expect(findings.map((f) => f.place)).toEqual(expected.map((e) => e.place));
    const message = describeSecretFindings(findings);
    for (const e of expected) expect(message).toContain(`(${e.path})`);
    // The refusal names the places without repeating the key.
    expect(message).not.toContain(keyCore(name));
  });

  it('is gone from the redacted copy, while the text around it stays', () => {
    const { doc } = docWith(key);
    const out = redactSecretLikeValues(doc, kindOf);
    const text = JSON.stringify(out);
    expect(text).not.toContain(keyCore(name));
    expect(out.description).toMatch(/^Shared with the team\. Temporary key: \[redacted [a-z-]+ #[0-9a-f]{8}\] \(rotate later\)$/);
    expect(out.nodes[1].params.sql).toMatch(/^SELECT \* FROM a -- \[redacted /);
    expect(out.notes?.[0].text).toMatch(/^remember:\n\[redacted [^\]]+\]\nthanks$/);
    expect(findSecretLikeValues(out, kindOf)).toEqual([]);
  });
});

describe('places without keys', () => {
  it('a commit hash in the description is not a secret, and ordinary text passes everywhere', () => {
    const { doc } = docWith('nothing secret here');
    doc.description = 'Built from commit 3f2a9c1b7e4d8a0f5c6b2e9d1a7f3c8b4e0d6a2f of the data repo.';
    expect(findSecretLikeValues(doc, kindOf)).toEqual([]);
  });
});
