/**
 * Edit commands: undo/redo, clipboard, duplicate, delete, select all, notes, auto-layout.
 */
import { useMemo } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useStudioApi } from '../store/api-context.js';
import { useStudioStore } from '../store/studio-store-context.js';
import { extractFragment } from '../store/document-ops.js';
import { layoutPositions, type Size } from '../canvas/auto-layout.js';
import { parseClipboardText, selectionToClipboardText } from './clipboard.js';

const PASTE_OFFSET = { x: 32, y: 32 };

/** Edit commands bound to this window's store. */
export function useEditCommands() {
  const store = useStudioStore();
  const api = useStudioApi();
  const flow = useReactFlow();
  return useMemo(() => {
    const s = () => store.getState();
    const pasteText = async (text: string) => {
      const result = await parseClipboardText(api, text, (t) => s().defsByType.has(t));
      if (!result.ok) return s().toast(`Nothing pasted: ${result.reason}`, 'error');
      const ids = s().insertFragment(result.fragment, PASTE_OFFSET);
      if (result.dropped.length) s().toast(`Left out unknown node types: ${result.dropped.join(', ')}`, 'error');
      else if (ids.length === 0) s().toast('Nothing pasted: the clipboard pipeline is empty', 'info');
    };
    return {
      undo: () => s().undo(),
      redo: () => s().redo(),
      selectAll: () => s().setSelection([...s().doc.nodes.map((n) => n.id), ...(s().doc.notes ?? []).map((n) => n.id)]),
      delete: () => s().removeElements(s().selectedIds),
      duplicate: () => {
        const fragment = extractFragment(s().doc, s().selectedIds);
        if (fragment.nodes.length || fragment.notes?.length) s().insertFragment(fragment, PASTE_OFFSET);
      },
      /** Text for the clipboard, or null when nothing is selected. */
      copyText: () => selectionToClipboardText(s().doc, s().selectedIds),
      pasteText,
      copy: async () => {
        const text = selectionToClipboardText(s().doc, s().selectedIds);
        if (!text) return;
        await navigator.clipboard.writeText(text);
        s().toast('Copied as pipeline JSON', 'success');
      },
      cut: async () => {
        const text = selectionToClipboardText(s().doc, s().selectedIds);
        if (!text) return;
        await navigator.clipboard.writeText(text);
        s().removeElements(s().selectedIds);
      },
      paste: async () => {
        try {
          await pasteText(await navigator.clipboard.readText());
        } catch {
          s().toast('The clipboard could not be read; press Ctrl/Cmd+V on the canvas instead', 'error');
        }
      },
      addNote: () => {
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        const at = flow.screenToFlowPosition(pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 3 } : { x: 300, y: 200 });
        s().addNote({ x: at.x - 100, y: at.y - 60 });
      },
      autoLayout: async () => {
        const sizes = new Map<string, Size>();
        for (const n of s().flowNodes) if (n.measured?.width && n.measured.height) sizes.set(n.id, { width: n.measured.width, height: n.measured.height });
        const positions = await layoutPositions(s().doc, s().defsByType, sizes);
        s().setPositions(positions);
        requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1.2, duration: 200 }));
      },
      quickAdd: () => {
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        const screen = pane ? { x: pane.left + pane.width / 2 - 140, y: pane.top + 80 } : { x: 300, y: 120 };
        s().setQuickAdd({ screen, flow: flow.screenToFlowPosition({ x: screen.x + 140, y: screen.y + 120 }) });
      },
    };
  }, [api, flow, store]);
}
