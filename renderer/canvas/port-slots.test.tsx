// @vitest-environment happy-dom
/**
 * Handles sit at fixed steps down a card's side (PORT_TOP + i * PORT_STEP px, so the first ports of
 * cards in a row line up), by class (canvas.css) for up to six ports and by inline style beyond: the
 * positions must be the ones the inline style gives, and common cards carry no inline style at all.
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
import { PipelineNode, PORT_STEP, PORT_TOP } from './pipeline-node.js';

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

/** Each handle's computed `top` in px, by side, and how many elements of the card carry an inline style. */
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
  const top = (side: string) => handles.filter((h) => h.classList.contains(side)).map((h) => parseFloat(getComputedStyle(h).top));
  const card = container.querySelector<HTMLElement>('.node-card')!;
  const styled = [card, ...handles].filter((h) => h.getAttribute('style')).length;
  const out = { inline: styled, target: top('target'), source: top('source') };
  cleanup();
  return out;
}

describe('port handles down a card side', () => {
  it('sit at fixed steps from the top for 1 to 7 ports, with no inline style up to 6', () => {
    for (let n = 1; n <= 7; n++) {
      const got = tops(defWith(n, n === 7 ? 1 : n));
      const want = Array.from({ length: n }, (_, i) => PORT_TOP + i * PORT_STEP);
      expect(got.target).toEqual(want);
      if (n < 7) expect(got.source).toEqual(want);
      // Seven ports: the seventh handle and the card's height go inline.
      expect(got.inline).toBe(n === 7 ? 2 : 0);
    }
  });
});
