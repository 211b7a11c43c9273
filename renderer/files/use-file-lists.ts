/**
 * Recent files and sample pipelines from the host, fetched when a menu or dialog opens.
 */
import { useEffect, useState } from 'react';
import { useStudioApi } from '../store/api-context.js';

export interface FileLists {
  recent: string[];
  samples: { name: string; path: string }[];
  loading: boolean;
}

/** Loads the lists while `active` is true (a menu is open). */
export function useFileLists(active: boolean): FileLists {
  const api = useStudioApi();
  const [lists, setLists] = useState<FileLists>({ recent: [], samples: [], loading: true });
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    Promise.all([api.listRecent().catch(() => []), api.listSamples().catch(() => [])]).then(([recent, samples]) => {
      if (!cancelled) setLists({ recent, samples, loading: false });
    });
    return () => {
      cancelled = true;
    };
  }, [active, api]);
  return lists;
}
