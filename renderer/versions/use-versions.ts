/**
 * The Versions panel's data: a pipeline's saved versions (newest first), each with what changed
 * from the version before it, read in the app's terms (engine/document/diff.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { diffPipelines, summarizeChanges, type DefLookup, type PipelineChange } from '../../engine/document/diff.js';
import type { PipelineVersion } from '../../engine/versions/version-types.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudio } from '../store/studio-store-context.js';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface VersionRow {
  version: PipelineVersion;
  /** From the version before it; empty for the oldest. */
  changes: PipelineChange[];
  summary: string;
  /** The oldest version kept: nothing before it to compare with. */
  oldest: boolean;
}

/** Rows for versions listed newest first. */
export function versionRows(versions: readonly PipelineVersion[], defOf: DefLookup): VersionRow[] {
  return versions.map((version, i) => {
    const before = versions[i + 1];
    if (!before)
      return { version, changes: [], oldest: true, summary: version.source === 'on-disk' ? 'As the file was before the first save' : 'First saved version' };
    const changes = diffPipelines(before.document, version.document, defOf);
    return { version, changes, oldest: false, summary: summarizeChanges(changes) };
  });
}

export interface VersionsState {
  rows?: VersionRow[];
  error?: string;
  refresh(): Promise<void>;
  defOf: DefLookup;
}

export function useVersions(pipelineId: string): VersionsState {
  const api = useStudioApi();
  const defsByType = useStudio((s) => s.defsByType);
  const [versions, setVersions] = useState<PipelineVersion[]>();
  const [error, setError] = useState<string>();
  const seq = useRef(0);
  const defOf = useCallback<DefLookup>((type) => defsByType.get(type), [defsByType]);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const list = await api.listPipelineVersions(pipelineId);
      if (mine !== seq.current) return;
      setVersions(list);
      setError(undefined);
    } catch (err) {
      if (mine === seq.current) setError(`Could not list the versions: ${messageOf(err)}`);
    }
  }, [api, pipelineId]);

  useEffect(() => {
    setVersions(undefined);
    void refresh();
  }, [refresh]);

  const rows = useMemo(() => (versions ? versionRows(versions, defOf) : undefined), [versions, defOf]);
  return { rows, error, refresh, defOf };
}
