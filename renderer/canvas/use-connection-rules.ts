/**
 * Wires are checked while they are dragged, with the engine's own rules: a refused handle shows the
 * reason beside the cursor, and dropping on it shows the reason as a message instead of silently
 * doing nothing.
 */
import { useCallback, useRef } from 'react';
import type { Connection, Edge, FinalConnectionState, IsValidConnection } from '@xyflow/react';
import { checkConnection } from '../../engine/graph/connection-rules.js';
import { useStudioStore } from '../store/studio-store-context.js';
import type { FlowEdge } from '../store/flow-mapping.js';

type Wire = Pick<Connection | Edge, 'source' | 'target' | 'sourceHandle' | 'targetHandle'>;

/** React Flow connection callbacks bound to the store. */
export function useConnectionRules() {
  const store = useStudioStore();
  const lastPointer = useRef({ x: 0, y: 0 });

  const reasonFor = useCallback(
    (wire: Wire): string | null => {
      const { doc, defsByType } = store.getState();
      return checkConnection(doc, defsByType, { node: wire.source, port: wire.sourceHandle ?? '' }, { node: wire.target, port: wire.targetHandle ?? '' });
    },
    [store],
  );

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback(
    (wire) => {
      const reason = reasonFor(wire);
      store.getState().setConnectionHint(reason);
      return reason === null;
    },
    [reasonFor, store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const reason = store.getState().connect({ node: c.source, port: c.sourceHandle ?? '' }, { node: c.target, port: c.targetHandle ?? '' });
      if (reason) store.getState().toast(`Connection refused: ${reason}`, 'error', lastPointer.current);
    },
    [store],
  );

  const onConnectStart = useCallback(() => store.getState().setConnectionHint(null), [store]);

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      lastPointer.current = { x: point.clientX, y: point.clientY };
      store.getState().setConnectionHint(null);
      if (state.isValid || !state.fromHandle || !state.toHandle) return;
      const from = state.fromHandle;
      const to = state.toHandle;
      // The user may drag from an input to an output; the rules always take output -> input.
      const wire =
        from.type === 'source'
          ? { source: from.nodeId, sourceHandle: from.id ?? '', target: to.nodeId, targetHandle: to.id ?? '' }
          : { source: to.nodeId, sourceHandle: to.id ?? '', target: from.nodeId, targetHandle: from.id ?? '' };
      const reason = from.type === to.type ? `connect an output to an input (both ends are ${from.type === 'source' ? 'outputs' : 'inputs'})` : reasonFor(wire);
      if (reason) store.getState().toast(`Connection refused: ${reason}`, 'error', lastPointer.current);
    },
    [reasonFor, store],
  );

  return { isValidConnection, onConnect, onConnectStart, onConnectEnd };
}
