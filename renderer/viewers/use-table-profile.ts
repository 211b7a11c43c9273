/**
 * The engine's column profile of a table, fetched once per table and shared by the grid headers and
 * the profile tab. Tables are immutable cache entries, so a profile never goes out of date.
 */
import { useEffect, useState } from 'react';
import type { StudioApi } from '../../engine/contract.js';
import type { TableProfile } from '../../engine/engine-types.js';

/** Profiles kept; switching between a few nodes must not refetch, a long session must not grow. */
const MAX_PROFILES = 16;
const profiles = new Map<string, Promise<TableProfile>>();

function profileOf(api: StudioApi, table: string): Promise<TableProfile> {
  let p = profiles.get(table);
  if (!p) {
    p = api.profile(table);
    profiles.set(table, p);
    p.catch(() => profiles.delete(table));
    while (profiles.size > MAX_PROFILES) profiles.delete(profiles.keys().next().value as string);
  }
  return p;
}

export interface ProfileState {
  profile?: TableProfile;
  error?: string;
}

/**
 * @example
 * const { profile, error } = useTableProfile(api, value.table);
 */
export function useTableProfile(api: StudioApi, table: string | undefined): ProfileState {
  const [state, setState] = useState<ProfileState & { table?: string }>({});
  useEffect(() => {
    if (!table) return;
    let live = true;
    profileOf(api, table).then(
      (profile) => live && setState({ table, profile }),
      (err: unknown) => live && setState({ table, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [api, table]);
  return state.table === table ? state : {};
}
