// @vitest-environment happy-dom
/**
 * Handles are spaced down a card's side at (i + 1) / (n + 1) of its height, by class (canvas.css)
 * for up to five ports and by inline style beyond: the positions must be the ones the inline style
 * gave every handle before, and the common cards must carry no inline style on their handles.
 */
// eslint-disable-next-line no-restricted-imports -- this test runs in Node, not in the window's sandbox
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { defineNode, type NodeDef, type PortSpec } from '../../engine/node-def.js';
import { createStudioStore } from '../store/create-studio-store.js';
import { StudioStoreProvider } from '../store/studio-store-context.js';
import type { FlowNode } from '../store/flow-mapping.js';
import { CanvasDefsContext } from './canvas-defs.js';
import { PipelineNode } from './pipeline-node.js';

const css = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = css('../../node_modules/@xyflow/react/dist/style.css') + css('../styles/canvas.css');
  document.head.appendChild(style);
});
afterEach(() => cleanup());

const ports = (n: number, kind: PortSpec['kind']): PortSpec[] => Array.from({ length: n }, (_, i) => ({ name: `p${i}`, kind, label: `Port ${i}` }));
const defWith = (inputs: number, outputs: number): NodeDef =>
  defineNode({
    type: `ports-${inputs}-${outputs}`,
    typeVersion: 1,
    title: 'Ports',
    stage: 'prepare',
    icon: 'file-input',
    description: 'Test ports.',
    inputs: ports(inputs, 'table'),
    outputs: ports(outputs, 'model'),
    params: {},
  }) as NodeDef;

/** Each handle's `top` as a fraction of the card, by side, from the computed style. */
function tops(def: NodeDef): { inline: number; target: number[]; source: number[] } {
  const store = createStudioStore({ defs: [def] });
  const nodes: FlowNode[] = [
    { id: 'a', type: 'pipeline', position: { x: 0, y: 0 }, data: { node: { id: 'a', type: def.type, typeVersion: 1, params: {}, position: { x: 0, y: 0 } } } },
  ];
  const { container } = render(
    <StudioStoreProvider store={store}>
      <ReactFlowProvider>
        <CanvasDefsContext.Provider value={store.getState().defsByType}>
          <ReactFlow nodes={nodes} edges={[]} nodeTypes={{ pipeline: PipelineNode }} />
        </CanvasDefsContext.Provider>
      </ReactFlowProvider>
    </StudioStoreProvider>,
  );
  const handles = [...container.querySelectorAll<HTMLElement>('.port-handle')];
  const top = (side: string) => handles.filter((h) => h.classList.contains(side)).map((h) => parseFloat(getComputedStyle(h).top) / 100);
  const out = { inline: handles.filter((h) => h.getAttribute('style')).length, target: top('target'), source: top('source') };
  cleanup();
  return out;
}

describe('port handles down a card side', () => {
  it('sit at (i + 1) / (n + 1) of the height for 1 to 6 ports, with no inline style up to 5', () => {
    for (let n = 1; n <= 6; n++) {
      const got = tops(defWith(n, n === 6 ? 1 : n));
      const want = Array.from({ length: n }, (_, i) => (i + 1) / (n + 1));
      expect(got.target).toHaveLength(n);
      got.target.forEach((t, i) => expect(t).toBeCloseTo(want[i], 5));
      if (n < 6) got.source.forEach((t, i) => expect(t).toBeCloseTo(want[i], 5));
      expect(got.inline).toBe(n === 6 ? 6 : 0);
    }
  });
});
