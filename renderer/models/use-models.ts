/**
 * The Models panel's data: the registry's list, the picked model and version, that version's detail,
 * and stage changes. Answers that arrive after the user picked something else are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ModelStage, ModelVersionDetail, RegisteredModel } from '../../engine/models/registry-views.js';
import { isLive } from '../run/run-reducer.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudio } from '../store/studio-store-context.js';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The version to show first: the one in production, else the newest. */
function defaultVersion(model: RegisteredModel | undefined): number | undefined {
  return model?.versions.find((v) => v.stage === 'production')?.version ?? model?.versions.at(-1)?.version;
}

export interface ModelsState {
  models?: RegisteredModel[];
  listError?: string;
  name?: string;
  version?: number;
  detail?: ModelVersionDetail;
  detailError?: string;
  busy: boolean;
  refresh(): Promise<void>;
  pickModel(name: string): void;
  pickVersion(version: number): void;
  /** Sets the shown version's stage; resolves to a sentence saying what changed. */
  setStage(stage: ModelStage): Promise<string>;
}

/**
 * @example
 * const m = useModels(); m.pickModel('adult'); await m.setStage('production');
 */
export function useModels(): ModelsState {
  const api = useStudioApi();
  const [models, setModels] = useState<RegisteredModel[]>();
  const [listError, setListError] = useState<string>();
  const [name, setName] = useState<string>();
  const [version, setVersion] = useState<number>();
  const [detail, setDetail] = useState<ModelVersionDetail>();
  const [detailError, setDetailError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  const detailSeq = useRef(0);

  const refresh = useCallback(async () => {
    try {
      const list = await api.listModels();
      setModels(list);
      setListError(undefined);
      // Keep the pick while it still exists; otherwise the first model, on its production (or newest) version.
      const model = list.find((m) => m.name === name) ?? list[0];
      setName(model?.name);
      setVersion((v) => (model && model.name === name && model.versions.some((x) => x.version === v) ? v : defaultVersion(model)));
      setReload((n) => n + 1);
    } catch (err) {
      setListError(`Could not list the models: ${messageOf(err)}`);
    }
  }, [api, name]);

  // On mount and whenever a run ends: a Package model node may have registered a new version.
  const live = useStudio((s) => isLive(s.run.current.phase));
  useEffect(() => {
    if (!live) void refresh();
  }, [live]);

  useEffect(() => {
    const seq = ++detailSeq.current;
    if (!name || version === undefined) {
      setDetail(undefined);
      return;
    }
    api.showModel(name, version).then(
      (d) => {
        if (seq !== detailSeq.current) return;
        setDetail(d);
        setDetailError(undefined);
      },
      (err: unknown) => {
        if (seq !== detailSeq.current) return;
        setDetail(undefined);
        setDetailError(`Could not read ${name} version ${version}: ${messageOf(err)}`);
      },
    );
  }, [api, name, version, reload]);

  const pickModel = (next: string) => {
    if (next === name) return;
    setName(next);
    setDetail(undefined);
    setVersion(defaultVersion(models?.find((m) => m.name === next)));
  };

  const setStage = async (stage: ModelStage) => {
    if (!name || version === undefined) return 'Pick a version first.';
    setBusy(true);
    try {
      const changes = await api.setModelStage(name, version, stage);
      // The shown version's badge and buttons follow at once; the refresh re-reads the rest.
      const mine = changes.find((c) => c.version === version);
      if (mine) setDetail((d) => (d && d.name === name && d.version === version ? { ...d, stage: mine.to } : d));
      await refresh();
      return changes.map((c) => `${name} v${c.version}: ${c.from} → ${c.to}`).join('; ');
    } finally {
      setBusy(false);
    }
  };

  return { models, listError, name, version, detail, detailError, busy, refresh, pickModel, pickVersion: setVersion, setStage };
}
