/**
 * The Versions panel: the saved versions of a pipeline (every save keeps one, in the workspace),
 * what changed between two of them in the app's terms, a version opened read-only, and restore.
 * Named "Versions" so it is not taken for the run history. Restore is an edit plus a save: one undo
 * step in the window, and itself a new version. Escape closes; editing shortcuts stay in here.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { RefreshCw, X } from 'lucide-react';
import { diffPipelines } from '../../engine/document/diff.js';
import { useCommandTable } from '../commands/commands-context.js';
import { matchShortcut } from '../shortcuts/keymap.js';
import { useStudio, useStudioStore } from '../store/studio-store-context.js';
import type { VersionsTarget } from '../store/ui-slice.js';
import { useVersions, type VersionRow } from './use-versions.js';
import { VersionList, whenText, whoText } from './version-list.js';
import { VersionOutline } from './version-outline.js';
import { ChangeList } from './change-list.js';
import '../styles/panel.css';
import './versions.css';

function EmptyState({ name }: { name: string }) {
  return (
    <div className="versions-empty" data-testid="versions-empty">
      <h3>No saved versions of “{name}” yet</h3>
      <p>Every save (File › Save) keeps a version here, in the workspace, with the time and your user name; saving the same pipeline twice keeps one.</p>
    </div>
  );
}

function Compared({ rows, ids, defOf }: { rows: VersionRow[]; ids: readonly string[]; defOf: ReturnType<typeof useVersions>['defOf'] }) {
  // Oldest first, whichever order they were ticked in: the list reads as "what the later one changed".
  const [older, newer] = ids
    .map((id) => rows.find((r) => r.version.versionId === id)!)
    .filter(Boolean)
    .sort((a, b) => a.version.versionId.localeCompare(b.version.versionId));
  const changes = useMemo(() => (older && newer ? diffPipelines(older.version.document, newer.version.document, defOf) : []), [older, newer, defOf]);
  if (!older || !newer) return null;
  return (
    <section aria-label="Changes between two versions" data-testid="versions-compare">
      <h3 className="versions-detail__title versions-compare__title">
        From {whenText(older.version.savedAt)} to {whenText(newer.version.savedAt)}
      </h3>
      <ChangeList changes={changes} />
    </section>
  );
}

interface DetailProps {
  row: VersionRow;
  isOpenPipeline: boolean;
  canRestore: string | undefined;
  defOf: ReturnType<typeof useVersions>['defOf'];
  onRestore(): void;
}

function Detail({ row, isOpenPipeline, canRestore, defOf, onRestore }: DetailProps) {
  const [readOnly, setReadOnly] = useState(false);
  const v = row.version;
  useEffect(() => setReadOnly(false), [v.versionId]);
  return (
    <section aria-label={`Version of ${whenText(v.savedAt)}`} data-testid="version-view">
      <div className="versions-detail__head">
        <h3 className="versions-detail__title">
          {whenText(v.savedAt)} <span className="versions-muted">· {whoText(row)}</span>
        </h3>
        <button type="button" className="button button-small" aria-pressed={readOnly} onClick={() => setReadOnly(!readOnly)} data-testid="version-open">
          {readOnly ? 'Show the changes' : 'Open read-only'}
        </button>
        {isOpenPipeline && (
          <button
            type="button"
            className="button button-small button-primary"
            disabled={canRestore !== undefined}
            title={canRestore ?? 'Puts this version in the window and saves it: a new version, and one undo step'}
            onClick={onRestore}
            data-testid="version-restore"
          >
            Restore this version
          </button>
        )}
      </div>
      <p className="versions-muted">
        {v.path && <>File {v.path} · </>}hash <code title={v.hash}>{v.hash.slice(0, 12)}</code>
      </p>
      {readOnly ? (
        <VersionOutline document={v.document} defOf={defOf} />
      ) : (
        <>
          <h4>Changes from the version before</h4>
          {row.oldest ? <p className="versions-muted">{row.summary}: nothing older is kept.</p> : <ChangeList changes={row.changes} />}
        </>
      )}
    </section>
  );
}

export function VersionsPanel({ target }: { target: VersionsTarget }) {
  const v = useVersions(target.pipelineId);
  const store = useStudioStore();
  const commands = useCommandTable();
  const setOpen = useStudio((s) => s.setVersionsOpen);
  const isOpenPipeline = useStudio((s) => s.doc.id === target.pipelineId);
  const filePath = useStudio((s) => s.filePath);
  const [picked, setPicked] = useState<string>();
  const [compared, setCompared] = useState<string[]>([]);
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    root.current?.focus();
    return () => previous?.focus?.();
  }, []);
  // First the version asked for (from a model's lineage), else the newest; keep a pick that still exists.
  useEffect(() => {
    if (!v.rows?.length) return;
    setPicked((p) =>
      p && v.rows!.some((r) => r.version.versionId === p) ? p : (v.rows!.find((r) => r.version.hash === target.hash) ?? v.rows![0]).version.versionId,
    );
  }, [v.rows, target.hash]);

  const row = v.rows?.find((r) => r.version.versionId === picked);
  const restore = async () => {
    if (!row) return;
    const s = store.getState();
    // One undo step; the window keeps looking where it was.
    s.commit({ ...row.version.document, viewport: s.doc.viewport });
    await commands.save();
    await v.refresh();
  };
  const compare = (id: string, on: boolean) => setCompared((c) => (on ? [...c.filter((x) => x !== id), id].slice(-2) : c.filter((x) => x !== id)));

  return (
    <section
      ref={root}
      className="models-panel versions-panel"
      aria-label="Versions"
      data-testid="versions-panel"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.stopPropagation();
          setOpen(null);
          return;
        }
        const shortcut = matchShortcut(e.nativeEvent);
        if (shortcut && !shortcut.global && shortcut.command !== 'shortcuts') e.stopPropagation();
      }}
    >
      <header className="models-panel__head">
        <span className="models-panel__dot" aria-hidden />
        <h2>Versions</h2>
        <span className="versions-muted">of “{target.name}”, saved in the workspace</span>
        <span className="models-panel__spacer" />
        {v.error && <span className="versions-problem">{v.error}</span>}
        <button type="button" className="icon-button" aria-label="Refresh the versions" title="Refresh" onClick={() => void v.refresh()}>
          <RefreshCw size={16} aria-hidden />
        </button>
        <button type="button" className="icon-button" aria-label="Close the Versions panel" title="Close (Esc)" onClick={() => setOpen(null)}>
          <X size={16} aria-hidden />
        </button>
      </header>
      {target.hash && v.rows && !v.rows.some((r) => r.version.hash === target.hash) && (
        <p className="versions-problem versions-panel__note" role="status" data-testid="versions-hash-missing">
          The version that made this model (hash {target.hash.slice(0, 12)}) is not among the saved versions: it ran unsaved, or from a file saved outside the
          app. Its run record keeps the exact document (Open the run).
        </p>
      )}
      {v.rows && v.rows.length === 0 && <EmptyState name={target.name} />}
      {v.rows && v.rows.length > 0 && (
        <div className="models-panel__body">
          <div className="versions-panel__side">
            <p className="versions-muted versions-panel__hint">Tick two versions to compare them.</p>
            <VersionList rows={v.rows} picked={picked} compared={compared} current={v.rows[0].version.hash} onPick={setPicked} onCompare={compare} />
          </div>
          <div className="models-panel__main">
            {compared.length === 2 ? (
              <Compared rows={v.rows} ids={compared} defOf={v.defOf} />
            ) : (
              row && (
                <Detail
                  row={row}
                  isOpenPipeline={isOpenPipeline}
                  canRestore={filePath ? undefined : 'Save the pipeline to a file first'}
                  defOf={v.defOf}
                  onRestore={() => void restore()}
                />
              )
            )}
          </div>
        </div>
      )}
    </section>
  );
}
