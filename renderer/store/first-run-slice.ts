/**
 * The first-run state: whether the start screen shows, and the latest pre-run check of the
 * document on screen (what it needs that is missing) with whether its panel is open.
 */
import type { PreRunCheck } from '../../engine/pre-run-types.js';
import type { SliceCreator } from './store-types.js';

export interface FirstRunSlice {
  /** The start screen (new, open, recent, samples) covers the canvas. */
  startOpen: boolean;
  setStartOpen(open: boolean): void;
  /** The last pre-run check's answer, for the document it was asked about. */
  preRun: (PreRunCheck & { doc: unknown; path?: string }) | null;
  /** The pre-run panel is expanded (Run found problems, or the user opened it). */
  preRunOpen: boolean;
  setPreRun(check: FirstRunSlice['preRun']): void;
  setPreRunOpen(open: boolean): void;
  /** Bumped to check again after a fix the document does not show (a secret set, a folder allowed). */
  preRunTick: number;
  recheckPreRun(): void;
}

/** Builds the first-run slice; `startOpen` when the window opened with no pipeline. */
export function createFirstRunSlice(startOpen: boolean): SliceCreator<FirstRunSlice> {
  return (set, get) => ({
    startOpen,
    setStartOpen: (open) => set({ startOpen: open }),
    preRun: null,
    preRunOpen: false,
    setPreRun: (preRun) => set({ preRun }),
    setPreRunOpen: (preRunOpen) => set({ preRunOpen }),
    preRunTick: 0,
    recheckPreRun: () => set({ preRunTick: get().preRunTick + 1 }),
  });
}
