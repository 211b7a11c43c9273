/**
 * The Models panel: the workspace's model registry over the canvas. Names on the left; the picked
 * model's versions side by side; the picked version in full, with its stage actions. Editing
 * shortcuts do not reach the hidden canvas while focus is in here; Escape closes the panel.
 */
import { useEffect, useRef, useState } from 'react';
import { RefreshCw, X } from 'lucide-react';
import type { ModelStage } from '../../engine/models/registry-views.js';
import { matchShortcut } from '../shortcuts/keymap.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudio } from '../store/studio-store-context.js';
import { ModelList } from './model-list.js';
import { useModels } from './use-models.js';
import { VersionDetail } from './version-detail.js';
import { VersionsTable } from './versions-table.js';
import '../styles/panel.css';
import './models.css';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function EmptyState() {
  return (
    <div className="models-empty" data-testid="models-empty">
      <h3>No models registered yet</h3>
      <p>
        Run a pipeline with a <strong>Package model</strong> node: each run registers a new version of its model here, in the workspace&apos;s{' '}
        <code>models</code> folder.
      </p>
      <p className="models-muted">Train → Evaluate → Validate business goals → Package model gives a version with metrics, a gate outcome and a model card.</p>
    </div>
  );
}

/** Opens a run in the run history, or says why it cannot. */
function useOpenRun(): [string | undefined, (runId: string) => Promise<void>, () => void] {
  const api = useStudioApi();
  const inspectRun = useStudio((s) => s.inspectRun);
  const showRunHistory = useStudio((s) => s.showRunHistory);
  const setModelsOpen = useStudio((s) => s.setModelsOpen);
  const [note, setNote] = useState<string>();
  const open = async (runId: string) => {
    try {
      const record = await api.getRun(runId);
      if (!record) {
        setNote(`Run ${runId} is not in this workspace's run history: it was deleted, or the model was registered from another workspace.`);
        return;
      }
      inspectRun(record);
      showRunHistory();
      setModelsOpen(false);
    } catch (err) {
      setNote(`Could not open run ${runId}: ${messageOf(err)}`);
    }
  };
  return [note, open, () => setNote(undefined)];
}

/** Opens the Versions panel on the saved pipeline version a model came from (its run names the pipeline). */
function useOpenPipelineVersion(setNote: (note: string) => void): (runId: string, hash: string) => Promise<void> {
  const api = useStudioApi();
  const setVersionsOpen = useStudio((s) => s.setVersionsOpen);
  return async (runId, hash) => {
    try {
      const record = await api.getRun(runId);
      if (!record) return setNote(`Run ${runId} is not in this workspace's run history, so its pipeline cannot be named.`);
      setVersionsOpen({ pipelineId: record.document.id, name: record.document.name, hash });
    } catch (err) {
      setNote(`Could not open the pipeline version of run ${runId}: ${messageOf(err)}`);
    }
  };
}

/** Another panel asked for one version (a dataset's model): pick it once the list knows it. */
function useModelFocus(m: ReturnType<typeof useModels>): void {
  const focus = useStudio((s) => s.modelFocus);
  const clearFocus = useStudio((s) => s.clearFocus);
  useEffect(() => {
    if (!focus || !m.models) return;
    if (m.models.some((x) => x.name === focus.name && x.versions.some((v) => v.version === focus.version))) {
      m.pickModel(focus.name);
      m.pickVersion(focus.version);
    }
    clearFocus();
  }, [focus, m.models]);
}

export function ModelsPanel() {
  const m = useModels();
  const setModelsOpen = useStudio((s) => s.setModelsOpen);
  const toast = useStudio((s) => s.toast);
  const [runNote, openRun, clearRunNote] = useOpenRun();
  const [pipelineNote, setPipelineNote] = useState<string>();
  const openPipeline = useOpenPipelineVersion(setPipelineNote);
  const root = useRef<HTMLElement>(null);
  const model = m.models?.find((x) => x.name === m.name);

  // Focus comes in on open and goes back where it was on close.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    root.current?.focus();
    return () => previous?.focus?.();
  }, []);
  useEffect(clearRunNote, [m.name, m.version]);
  useEffect(() => setPipelineNote(undefined), [m.name, m.version]);
  useModelFocus(m);

  const setStage = (stage: ModelStage) =>
    m.setStage(stage).then(
      (said) => toast(said, 'success'),
      (err: unknown) => toast(`The stage was not changed: ${messageOf(err)}`, 'error'),
    );

  return (
    <section
      ref={root}
      className="models-panel"
      aria-label="Models"
      data-testid="models-panel"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.stopPropagation();
          setModelsOpen(false);
          return;
        }
        // Editing shortcuts (delete, undo, select all...) would act on the hidden pipeline: keep them here.
        const shortcut = matchShortcut(e.nativeEvent);
        if (shortcut && !shortcut.global && shortcut.command !== 'models' && shortcut.command !== 'shortcuts') e.stopPropagation();
      }}
    >
      <header className="models-panel__head">
        <span className="models-panel__dot" aria-hidden />
        <h2>Models</h2>
        <span className="models-muted">the workspace&apos;s registry</span>
        <span className="models-panel__spacer" />
        {m.listError && <span className="models-problem">{m.listError}</span>}
        <button type="button" className="icon-button" aria-label="Refresh the models" title="Refresh" onClick={() => void m.refresh()}>
          <RefreshCw size={16} aria-hidden />
        </button>
        <button type="button" className="icon-button" aria-label="Close the Models panel" title="Close (Esc)" onClick={() => setModelsOpen(false)}>
          <X size={16} aria-hidden />
        </button>
      </header>
      {m.models && m.models.length === 0 && <EmptyState />}
      {m.models && m.models.length > 0 && (
        <div className="models-panel__body">
          <ModelList models={m.models} picked={m.name} onPick={m.pickModel} />
          <div className="models-panel__main">
            {model && (
              <>
                <h3 className="models-panel__model">
                  {model.name} <span className="models-muted">· {model.versions.length} versions</span>
                </h3>
                <VersionsTable versions={model.versions} picked={m.version} onPick={m.pickVersion} />
              </>
            )}
            {m.detailError && (
              <p className="models-problem" role="alert">
                {m.detailError}
              </p>
            )}
            {m.detail && model && m.detail.name === model.name && (
              <VersionDetail
                detail={m.detail}
                model={model}
                busy={m.busy}
                onStage={(s) => void setStage(s)}
                onOpenRun={(id) => void openRun(id)}
                runNote={runNote ?? pipelineNote}
                onOpenPipeline={(runId, hash) => void openPipeline(runId, hash)}
              />
            )}
          </div>
        </div>
      )}
    </section>
  );
}
