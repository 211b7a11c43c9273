/**
 * The samples gallery from the host (each sample's description and graph), loaded while the start
 * screen shows.
 */
import { useEffect, useState } from 'react';
import type { SampleCard } from '../../engine/sample-gallery-types.js';
import { useStudioApi } from '../store/api-context.js';

/** The cards, undefined while loading; an error leaves an empty gallery and its message. */
export function useSampleGallery(): { cards?: SampleCard[]; error?: string } {
  const api = useStudioApi();
  const [state, setState] = useState<{ cards?: SampleCard[]; error?: string }>({});
  useEffect(() => {
    let cancelled = false;
    api.sampleGallery().then(
      (cards) => !cancelled && setState({ cards }),
      (err: unknown) => !cancelled && setState({ cards: [], error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api]);
  return state;
}
