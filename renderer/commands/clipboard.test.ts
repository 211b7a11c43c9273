import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/schema.js';
import { fakeApi } from '../testing/fake-api.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { testDefs } from '../testing/sample-defs.js';
import { parseClipboardText, selectionToClipboardText } from './clipboard.js';

// The host's answer is faked (the renderer may not load the zod schema): a document whose nodes all
// have a string type is valid, anything else gets the issue a host would report for it.
const api = fakeApi({
  validatePipeline: async (candidate) => {
    const doc = candidate as PipelineDocument;
    const bad = doc.nodes.findIndex((n) => typeof n.type !== 'string');
    return bad < 0
      ? { document: doc, issues: [] }
      : { issues: [{ code: 'DOCUMENT_INVALID', path: `nodes[${bad}].type`, message: 'expected a string', severity: 'error' }] };
  },
});

describe('clipboard as pipeline JSON', () => {
  it('copies the selection with its inner edges and pastes it into another window with new ids', async () => {
    const one = createStudioStore({ defs: testDefs });
    const s = one.getState();
    const a = s.addNode('test-import', { x: 0, y: 0 })!;
    const b = s.addNode('test-train', { x: 300, y: 0 })!;
    const c = s.addNode('test-evaluate', { x: 600, y: 0 })!;
    s.connect({ node: a, port: 'table' }, { node: b, port: 'train' });
    s.connect({ node: b, port: 'model' }, { node: c, port: 'model' });
    const text = selectionToClipboardText(one.getState().doc, [a, b])!;
    expect(JSON.parse(text).edges).toHaveLength(1); // the b -> c edge leaves the selection

    const two = createStudioStore({ defs: testDefs });
    two.getState().addNode('test-import', { x: 0, y: 0 }); // takes the id test-import-1
    const result = await parseClipboardText(api, text, (t) => two.getState().defsByType.has(t));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ids = two.getState().insertFragment(result.fragment, { x: 32, y: 32 });
    expect(ids).toEqual(['test-import-2', 'test-train-1']);
    expect(two.getState().doc.edges).toEqual([
      { id: 'edge-1', source: { node: 'test-import-2', port: 'table' }, target: { node: 'test-train-1', port: 'train' } },
    ]);
  });

  it('refuses text that is not a pipeline, naming the JSON path', async () => {
    expect(await parseClipboardText(api, 'hello', () => true)).toEqual({ ok: false, reason: 'the clipboard does not hold pipeline JSON' });
    const bad = await parseClipboardText(
      api,
      JSON.stringify({ format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'x', name: 'x', nodes: [{ id: 'a' }], edges: [] }),
      () => true,
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toBe('nodes[0].type: expected a string');
  });

  it('leaves out node types this window does not know', async () => {
    const doc = {
      format: 'lifecycle-studio.pipeline',
      schemaVersion: 1,
      id: 'x',
      name: 'x',
      nodes: [{ id: 'n', type: 'martian', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
      edges: [],
    };
    const result = await parseClipboardText(api, JSON.stringify(doc), () => false);
    expect(result).toMatchObject({ ok: true, dropped: ['martian'], fragment: { nodes: [] } });
  });
});
