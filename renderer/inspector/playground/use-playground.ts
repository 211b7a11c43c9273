/**
 * The state of a Prompt node's playground: the variant being tried (as the node holds it, or edited
 * here), the row, and the host's answers (`promptPlayground`). Rendering is asked again, shortly
 * after the last change, whenever the variant, the row, the node's params or a run's end could change
 * the messages; an answer to an older question is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PlaygroundAnswer, PlaygroundVariant } from '../../../engine/playground-types.js';
import { useRunStore } from '../../run/use-run-store.js';
import { useStudio, useStudioStore } from '../../store/studio-store-context.js';
import { useOptionalStudioApi } from '../use-optional-studio-api.js';

const RENDER_DELAY_MS = 250;

export interface Playground {
  variants: PlaygroundVariant[];
  /** Index into `variants` the draft started from. */
  chosen: number;
  draft: PlaygroundVariant;
  edited: boolean;
  row: number;
  answer?: PlaygroundAnswer;
  sending: boolean;
  /** A request that failed in transport (not a problem the node reported). */
  failure?: string;
  /** Starts the draft from variant `index` (or `variant`, when it was just added and is not in `variants` yet). */
  choose(index: number, variant?: PlaygroundVariant): void;
  edit(patch: Partial<PlaygroundVariant>): void;
  setRow(row: number): void;
  send(refresh: boolean): Promise<void>;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function variantsOf(params: Record<string, unknown> | undefined): PlaygroundVariant[] {
  const list = Array.isArray(params?.variants) ? (params.variants as Partial<PlaygroundVariant>[]) : [{ name: 'v1', system: '', template: '{{text}}' }];
  return list.map((v) => ({ name: String(v.name ?? ''), system: String(v.system ?? ''), template: String(v.template ?? '') }));
}

/** A render that changed nothing the reply depends on (a saved variant, a run's end) keeps the reply shown. */
function keepReply(prev: PlaygroundAnswer | undefined, next: PlaygroundAnswer): PlaygroundAnswer {
  const same =
    prev?.reply &&
    !next.problem &&
    prev.rowIndex === next.rowIndex &&
    prev.model === next.model &&
    JSON.stringify(prev.messages) === JSON.stringify(next.messages);
  return same ? { ...next, reply: prev.reply } : next;
}

export function usePlayground(nodeId: string): Playground {
  const api = useOptionalStudioApi();
  const store = useStudioStore();
  const params = useStudio((s) => s.doc.nodes.find((n) => n.id === nodeId)?.params);
  const filePath = useStudio((s) => s.filePath);
  const phase = useRunStore((s) => s.run.current.phase);
  const variants = variantsOf(params);
  const [chosen, setChosen] = useState(0);
  const [draft, setDraft] = useState<PlaygroundVariant>(variants[0]);
  const [row, setRowState] = useState(0);
  const [answer, setAnswer] = useState<PlaygroundAnswer>();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string>();
  const asked = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const base = variants[Math.min(chosen, variants.length - 1)];
  const edited = !base || base.system !== draft.system || base.template !== draft.template;

  const ask = useCallback(
    async (send: boolean, refresh = false) => {
      if (!api) return;
      const id = ++asked.current;
      const request = { row, variant: draft, send, ...(refresh ? { refresh } : {}) };
      try {
        const next = await api.promptPlayground(store.getState().doc, nodeId, request, filePath);
        if (id !== asked.current) return;
        setAnswer((prev) => (send ? next : keepReply(prev, next)));
        setFailure(undefined);
        if (next.rowIndex !== row && next.rowCount > 0) setRowState(next.rowIndex);
      } catch (err) {
        if (id === asked.current) setFailure(messageOf(err));
      }
    },
    [api, store, nodeId, row, draft, filePath],
  );

  // Render (nothing sent) after edits settle; a run's end may have brought the rows.
  const paramsKey = JSON.stringify(params ?? {});
  useEffect(() => {
    if (phase === 'running' || phase === 'starting') return;
    pending.current = setTimeout(() => void ask(false), RENDER_DELAY_MS);
    return () => clearTimeout(pending.current);
  }, [ask, paramsKey, phase]);

  return {
    variants,
    chosen,
    draft,
    edited,
    row,
    answer,
    sending,
    failure,
    choose: (index, variant) => {
      setChosen(index);
      setDraft(variant ?? variants[index]);
    },
    edit: (patch) => setDraft((d) => ({ ...d, ...patch })),
    setRow: (next) => setRowState(Math.max(0, answer?.rowCount ? Math.min(next, answer.rowCount - 1) : next)),
    send: async (refresh) => {
      if (sending) return;
      // A render still waiting would overtake the send and drop its reply.
      clearTimeout(pending.current);
      setSending(true);
      try {
        await ask(true, refresh);
      } finally {
        setSending(false);
      }
    },
  };
}
