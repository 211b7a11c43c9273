/**
 * The ui slice: what is selected, which panels and dialogs are open, the theme, and short-lived
 * messages (toasts). Nothing here is saved in the pipeline file.
 */
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { RunTarget } from '../../engine/engine-types.js';
import type { PathRefusalView } from '../run/path-refusal.js';
import type { HostRefusalView } from '../run/host-refusal.js';
import { flowFor } from './document-slice.js';
import type { SliceCreator } from './store-types.js';

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error' | 'success';
  /** Screen position to show it near (the cursor), or undefined for the bottom corner. */
  at?: { x: number; y: number };
}

/** Modal dialogs of the window; one at a time. */
export type Dialog =
  | { kind: 'shortcuts' }
  | { kind: 'open' }
  | { kind: 'save-as'; purpose: 'save' | 'export' }
  | { kind: 'import-errors'; source: string; issues: { path: string; message: string }[] }
  | { kind: 'confirm-discard'; action: string; onConfirm: () => void }
  | { kind: 'restore'; savedAt: number; path?: string; document: PipelineDocument }
  | { kind: 'allow-folder'; refusals: PathRefusalView[]; target: RunTarget }
  | { kind: 'allow-host'; refusals: HostRefusalView[]; target: RunTarget };

/** Which pipeline's saved versions the Versions panel shows, and a version (by hash) to pick first. */
export interface VersionsTarget {
  pipelineId: string;
  name: string;
  hash?: string;
}

export interface QuickAdd {
  /** Where the new node goes, in flow coordinates. */
  flow: { x: number; y: number };
  /** Where the picker shows, in screen coordinates. */
  screen: { x: number; y: number };
}

export interface CsvPreview {
  fileName: string;
  header: string[];
  rows: string[][];
  errors: string[];
}

export interface UiSlice {
  /** Selected node, note and edge ids. */
  selectedIds: readonly string[];
  theme: ThemeChoice;
  panels: { palette: boolean; inspector: boolean; bottom: boolean };
  toasts: readonly Toast[];
  dialog: Dialog | null;
  quickAdd: QuickAdd | null;
  csvPreview: CsvPreview | null;
  /** The reason shown beside the cursor while a wire is dragged over a refused handle. */
  connectionHint: string | null;
  /** The Models panel (the workspace's model registry) covers the canvas while open. */
  modelsOpen: boolean;
  /** The Deployments panel (the workspace's model servers) covers the canvas while open; one of the two at a time. */
  deploymentsOpen: boolean;
  /** The Versions panel (a pipeline's saved versions) covers the canvas while open; one overlay panel at a time. */
  versionsOpen: VersionsTarget | null;
  /** Bumped to make the bottom panel show its Run history tab (a run was opened from elsewhere). */
  historyRequest: number;
  /** The Datasets panel (the data files runs read, per content version); one of the three panels at a time. */
  datasetsOpen: boolean;
  /** A dataset version or model version another panel asked to show; the panel opening it clears it. */
  datasetFocus: string | null;
  modelFocus: { name: string; version: number } | null;

  setSelection(ids: readonly string[]): void;
  setTheme(theme: ThemeChoice): void;
  togglePanel(panel: keyof UiSlice['panels']): void;
  toast(message: string, tone?: Toast['tone'], at?: Toast['at']): void;
  dismissToast(id: number): void;
  openDialog(dialog: Dialog | null): void;
  setQuickAdd(quickAdd: QuickAdd | null): void;
  setCsvPreview(preview: CsvPreview | null): void;
  setConnectionHint(hint: string | null): void;
  setModelsOpen(open: boolean): void;
  setDeploymentsOpen(open: boolean): void;
  setVersionsOpen(target: VersionsTarget | null): void;
  /** Shows the bottom panel on its Run history tab. */
  showRunHistory(): void;
  setDatasetsOpen(open: boolean): void;
  /** Opens the Datasets panel on one version (from a model version's datasets). */
  openDataset(id: string): void;
  /** Opens the Models panel on one version (from a dataset version's models). */
  openModel(name: string, version: number): void;
  clearFocus(): void;
}

let toastSeq = 0;
const TOAST_MS = 4000;

/** Builds the ui slice. */
export function createUiSlice(): SliceCreator<UiSlice> {
  return (set, get) => ({
    selectedIds: [],
    theme: 'system',
    panels: { palette: true, inspector: true, bottom: true },
    toasts: [],
    dialog: null,
    quickAdd: null,
    csvPreview: null,
    connectionHint: null,
    modelsOpen: false,
    deploymentsOpen: false,
    versionsOpen: null,
    historyRequest: 0,
    datasetsOpen: false,
    datasetFocus: null,
    modelFocus: null,

    setSelection: (ids) => {
      const same = ids.length === get().selectedIds.length && ids.every((id) => get().selectedIds.includes(id));
      if (same) return;
      set({ selectedIds: ids, ...flowFor(get(), get().doc, ids) });
    },
    setTheme: (theme) => set({ theme }),
    togglePanel: (panel) => set({ panels: { ...get().panels, [panel]: !get().panels[panel] } }),
    toast: (message, tone = 'info', at) => {
      const id = ++toastSeq;
      set({ toasts: [...get().toasts.slice(-3), { id, message, tone, at }] });
      setTimeout(() => get().dismissToast(id), TOAST_MS);
    },
    dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
    openDialog: (dialog) => set({ dialog }),
    setQuickAdd: (quickAdd) => set({ quickAdd }),
    setCsvPreview: (csvPreview) => set({ csvPreview }),
    setConnectionHint: (connectionHint) => {
      if (get().connectionHint !== connectionHint) set({ connectionHint });
    },
    setModelsOpen: (modelsOpen) => set(modelsOpen ? { modelsOpen, deploymentsOpen: false, datasetsOpen: false, versionsOpen: null } : { modelsOpen }),
    setDeploymentsOpen: (deploymentsOpen) =>
      set(deploymentsOpen ? { deploymentsOpen, modelsOpen: false, datasetsOpen: false, versionsOpen: null } : { deploymentsOpen }),
    setVersionsOpen: (versionsOpen) => set(versionsOpen ? { versionsOpen, modelsOpen: false, deploymentsOpen: false, datasetsOpen: false } : { versionsOpen }),
    setDatasetsOpen: (datasetsOpen) => set(datasetsOpen ? { datasetsOpen, modelsOpen: false, deploymentsOpen: false, versionsOpen: null } : { datasetsOpen }),
    openDataset: (id) => set({ datasetsOpen: true, modelsOpen: false, deploymentsOpen: false, versionsOpen: null, datasetFocus: id }),
    openModel: (name, version) => set({ modelsOpen: true, deploymentsOpen: false, datasetsOpen: false, versionsOpen: null, modelFocus: { name, version } }),
    clearFocus: () => set({ datasetFocus: null, modelFocus: null }),
    showRunHistory: () => set({ panels: { ...get().panels, bottom: true }, historyRequest: get().historyRequest + 1 }),
  });
}
