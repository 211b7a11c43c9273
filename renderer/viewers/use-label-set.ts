/**
 * A label set as the labelling view edits it: loaded from the workspace, changed one key press at a
 * time (each change written at once, so nothing waits for a save), with an undo stack of this session.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StudioApi } from '../../engine/contract.js';
import type { LabelSet } from '../../engine/labels/label-types.js';

export interface LabelSetEditor {
  set?: LabelSet;
  error?: string;
  /** Labels a row (null removes its label); undoable. */
  label(key: string, label: string | null): void;
  /** Reverts the last label of this session; false when there is nothing to undo. */
  undo(): boolean;
  setClasses(classes: string[]): void;
  undoCount: number;
}

export function useLabelSet(api: StudioApi, name: string): LabelSetEditor {
  const [set, setSet] = useState<LabelSet>();
  const [error, setError] = useState<string>();
  const undoStack = useRef<{ key: string; previous: string | null }[]>([]);
  const [undoCount, setUndoCount] = useState(0);
  const current = useRef<LabelSet | undefined>(undefined);
  current.current = set;

  useEffect(() => {
    let live = true;
    setSet(undefined);
    undoStack.current = [];
    setUndoCount(0);
    api.readLabels(name).then(
      (s) => live && (setSet(s), setError(undefined)),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [api, name]);

  const write = useCallback(
    (key: string, label: string | null) => {
      const s = current.current;
      if (!s) return;
      const labels = { ...s.labels };
      if (label === null) delete labels[key];
      else labels[key] = label;
      // Updated here too, so two key presses before the next render both see the first.
      current.current = { ...s, labels };
      setSet(current.current);
      api.writeLabels(name, { column: s.column, classes: s.classes, changes: [{ key, label }] }).then(
        () => setError(undefined),
        (e: unknown) => setError(`The label was not saved: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
    [api, name],
  );

  return {
    set,
    error,
    undoCount,
    label: (key, label) => {
      const previous = current.current?.labels[key] ?? null;
      if (previous === label) return;
      undoStack.current.push({ key, previous });
      setUndoCount(undoStack.current.length);
      write(key, label);
    },
    undo: () => {
      const last = undoStack.current.pop();
      setUndoCount(undoStack.current.length);
      if (!last) return false;
      write(last.key, last.previous);
      return true;
    },
    setClasses: (classes) => {
      const s = current.current;
      if (!s) return;
      current.current = { ...s, classes };
      setSet(current.current);
      api.writeLabels(name, { column: s.column, classes, changes: [] }).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    },
  };
}
