/**
 * Measured card sizes reach the flow nodes without a new nodes array (React Flow already holds them;
 * a new array made it rebuild and re-render every node once more after measuring), and stay on a
 * node when it is rebuilt; a note resized by hand still goes through the document.
 */
import { describe, expect, it } from 'vitest';
import { createStudioStore } from './create-studio-store.js';
import { testDefs } from '../testing/sample-defs.js';

function storeWithNodes() {
  const store = createStudioStore({ defs: testDefs });
  const s = store.getState();
  const a = s.addNode('test-import', { x: 0, y: 0 })!;
  const b = s.addNode('test-train', { x: 320, y: 0 })!;
  s.setSelection([]);
  return { store, a, b };
}

describe('measured sizes', () => {
  it('are written onto the flow nodes in place: same array, no store notification', () => {
    const { store, a, b } = storeWithNodes();
    const before = store.getState().flowNodes;
    let notified = 0;
    store.subscribe(() => notified++);
    store.getState().onNodesChange([
      { type: 'dimensions', id: a, dimensions: { width: 212, height: 81 } },
      { type: 'dimensions', id: b, dimensions: { width: 212, height: 97 } },
    ]);
    expect(notified).toBe(0);
    expect(store.getState().flowNodes).toBe(before);
    expect(store.getState().flowNodes.map((n) => n.measured)).toEqual([
      { width: 212, height: 81 },
      { width: 212, height: 97 },
    ]);
  });

  it('stay on a node rebuilt for a param edit or a selection', () => {
    const { store, a, b } = storeWithNodes();
    store.getState().onNodesChange([{ type: 'dimensions', id: b, dimensions: { width: 212, height: 97 } }]);
    const old = store.getState().flowNodes.find((n) => n.id === b);
    store.getState().setParam(b, 'epochs', 30);
    store.getState().setSelection([b, a]);
    const rebuilt = store.getState().flowNodes.find((n) => n.id === b)!;
    expect(rebuilt).not.toBe(old);
    expect(rebuilt.selected).toBe(true);
    expect(rebuilt.measured).toEqual({ width: 212, height: 97 });
  });

  it('of a note resized by hand go through the document as before', () => {
    const store = createStudioStore({ defs: testDefs });
    const id = store.getState().addNote({ x: 0, y: 0 }, 'hello');
    const before = store.getState().flowNodes;
    store.getState().onNodesChange([{ type: 'dimensions', id, dimensions: { width: 300.4, height: 120.6 }, resizing: true, setAttributes: true }]);
    expect(store.getState().flowNodes).not.toBe(before);
    expect(store.getState().doc.notes?.[0].size).toEqual({ width: 300, height: 121 });
  });
});
