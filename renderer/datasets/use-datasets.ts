/**
 * The Datasets panel's data: the list of dataset versions, the search, the picked version's detail
 * and the version it is compared with. Answers that arrive after the user picked something else are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetDetail, DatasetListItem } from '../../engine/datasets/dataset-types.js';
import { isLive } from '../run/run-reducer.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudio } from '../store/studio-store-context.js';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Case-blind match on the path, the id and the names of the models made from a version. */
export function matchesSearch(d: DatasetListItem, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${d.path} ${d.id} v${d.version} ${d.models.map((m) => `${m.name} v${m.version}`).join(' ')}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** The version to compare with first: the one before it at the same path, if any. */
export function previousVersion(list: DatasetListItem[], id: string): string | undefined {
  const d = list.find((x) => x.id === id);
  return d && list.find((x) => x.path === d.path && x.version === d.version - 1)?.id;
}

function useDetail(id: string | undefined, reload: number): { detail?: DatasetDetail; error?: string } {
  const api = useStudioApi();
  const [state, setState] = useState<{ detail?: DatasetDetail; error?: string }>({});
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    if (!id) {
      setState({});
      return;
    }
    api.showDataset(id).then(
      (detail) => mine === seq.current && setState({ detail }),
      (err: unknown) => mine === seq.current && setState({ error: `Could not read dataset version ${id}: ${messageOf(err)}` }),
    );
  }, [api, id, reload]);
  return state;
}

export interface DatasetsState {
  list?: DatasetListItem[];
  listError?: string;
  search: string;
  setSearch(text: string): void;
  shown: DatasetListItem[];
  picked?: string;
  pick(id: string): void;
  detail?: DatasetDetail;
  detailError?: string;
  compareWith?: string;
  setCompareWith(id: string | undefined): void;
  other?: DatasetDetail;
  refresh(): Promise<void>;
}

/**
 * @example
 * const d = useDatasets(); d.pick('ds-0123456789abcdef'); d.setCompareWith(d.list?.[1]?.id);
 */
export function useDatasets(): DatasetsState {
  const api = useStudioApi();
  const focus = useStudio((s) => s.datasetFocus);
  const clearFocus = useStudio((s) => s.clearFocus);
  const [list, setList] = useState<DatasetListItem[]>();
  const [listError, setListError] = useState<string>();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<string>();
  const [compareWith, setCompareWith] = useState<string>();
  const [reload, setReload] = useState(0);
  const pickedRef = useRef<string>(undefined);
  pickedRef.current = picked;

  const pickIn = useCallback((items: DatasetListItem[], id: string | undefined) => {
    setPicked(id);
    setCompareWith(id ? previousVersion(items, id) : undefined);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const items = await api.listDatasets();
      setList(items);
      setListError(undefined);
      setReload((n) => n + 1);
      // Keep the pick while it still exists; otherwise the newest version.
      const current = pickedRef.current;
      if (!current || !items.some((d) => d.id === current)) pickIn(items, items[0]?.id);
    } catch (err) {
      setListError(`Could not list the datasets: ${messageOf(err)}`);
    }
  }, [api, pickIn]);

  // On mount and whenever a run ends: a run may have read a new version.
  const live = useStudio((s) => isLive(s.run.current.phase));
  useEffect(() => {
    if (!live) void refresh();
  }, [live]);

  // Another panel asked for one version (a model's training data): pick it once the list knows it.
  useEffect(() => {
    if (!focus || !list) return;
    if (list.some((d) => d.id === focus)) {
      setSearch('');
      pickIn(list, focus);
    }
    clearFocus();
  }, [focus, list]);

  const { detail, error: detailError } = useDetail(picked, reload);
  const { detail: other } = useDetail(compareWith, reload);
  const shown = (list ?? []).filter((d) => matchesSearch(d, search));
  return {
    list,
    listError,
    search,
    setSearch,
    shown,
    picked,
    pick: (id) => pickIn(list ?? [], id),
    detail: detail?.id === picked ? detail : undefined,
    detailError,
    compareWith,
    setCompareWith,
    other: other?.id === compareWith ? other : undefined,
    refresh,
  };
}
