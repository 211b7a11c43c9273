// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { FinalConnectionState } from '@xyflow/react';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import { testDefs } from '../testing/sample-defs.js';
import { useConnectionRules } from './use-connection-rules.js';

function setup() {
  const store = createStudioStore({ defs: testDefs });
  const s = store.getState();
  const imp = s.addNode('test-import', { x: 0, y: 0 })!;
  const train = s.addNode('test-train', { x: 300, y: 0 })!;
  const evaluate = s.addNode('test-evaluate', { x: 600, y: 0 })!;
  const wrapper = ({ children }: { children: ReactNode }) => <StudioStoreProvider store={store}>{children}</StudioStoreProvider>;
  const { result } = renderHook(() => useConnectionRules(), { wrapper });
  return { store, rules: result.current, imp, train, evaluate };
}

const wire = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({ source, sourceHandle, target, targetHandle });
const end = (from: { nodeId: string; id: string; type: 'source' | 'target' }, to: { nodeId: string; id: string; type: 'source' | 'target' }) =>
  ({
    isValid: false,
    fromHandle: { ...from, position: 'right', x: 0, y: 0, width: 1, height: 1 },
    toHandle: { ...to, position: 'left', x: 0, y: 0, width: 1, height: 1 },
  }) as unknown as FinalConnectionState;

describe('connection checks while dragging', () => {
  it('accepts matching kinds and shows the reason beside the cursor for a wrong kind', () => {
    const { store, rules, imp, train, evaluate } = setup();
    expect(rules.isValidConnection(wire(imp, 'table', train, 'train'))).toBe(true);
    expect(store.getState().connectionHint).toBeNull();
    expect(rules.isValidConnection(wire(imp, 'table', evaluate, 'model'))).toBe(false);
    expect(store.getState().connectionHint).toBe('a table output cannot feed a model input');
  });

  it('refuses a second wire into an input and a cycle, each with its reason', () => {
    const { store, rules, imp, train, evaluate } = setup();
    store.getState().connect({ node: imp, port: 'table' }, { node: train, port: 'train' });
    store.getState().connect({ node: train, port: 'model' }, { node: evaluate, port: 'model' });
    expect(rules.isValidConnection(wire(imp, 'table', train, 'train'))).toBe(false);
    expect(store.getState().connectionHint).toMatch(/already connected|already has a connection/);
    expect(rules.isValidConnection(wire(evaluate, 'metrics', imp, 'nothing'))).toBe(false);
  });

  it('shows the refusal as a message when the wire is dropped, also when dragged from an input', () => {
    const { store, rules, imp, evaluate } = setup();
    act(() =>
      rules.onConnectEnd(
        new MouseEvent('mouseup', { clientX: 10, clientY: 20 }),
        end({ nodeId: evaluate, id: 'model', type: 'target' }, { nodeId: imp, id: 'table', type: 'source' }),
      ),
    );
    expect(store.getState().toasts.map((t) => [t.message, t.tone, t.at])).toEqual([
      ['Connection refused: a table output cannot feed a model input', 'error', { x: 10, y: 20 }],
    ]);
    act(() =>
      rules.onConnectEnd(new MouseEvent('mouseup'), end({ nodeId: imp, id: 'table', type: 'source' }, { nodeId: evaluate, id: 'metrics', type: 'source' })),
    );
    expect(store.getState().toasts[1].message).toBe('Connection refused: connect an output to an input (both ends are outputs)');
    expect(store.getState().doc.edges).toEqual([]);
  });
});
