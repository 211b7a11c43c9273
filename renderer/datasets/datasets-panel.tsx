/**
 * The Datasets panel: every data file the workspace's runs read, one entry per content version.
 * Versions on the left (searchable); the picked one's facts, the models made from it and its
 * profile; below, its profile beside another version's. Escape closes the panel; editing
 * shortcuts do not reach the hidden canvas while focus is in here.
 */
import { useEffect, useRef } from 'react';
import { RefreshCw, Search, X } from 'lucide-react';
import type { DatasetListItem } from '../../engine/datasets/dataset-types.js';
import { rovingKey } from '../models/roving-keys.js';
import { matchShortcut } from '../shortcuts/keymap.js';
import { useStudio } from '../store/studio-store-context.js';
import { DatasetCompare } from './dataset-compare.js';
import { DatasetDetailView } from './dataset-detail.js';
import { fileName, rowsText, when } from './format.js';
import { useDatasets } from './use-datasets.js';
import '../styles/panel.css';
import './datasets.css';

function EmptyState() {
  return (
    <div className="models-empty" data-testid="datasets-empty">
      <h3>No datasets recorded yet</h3>
      <p>
        Run a pipeline with an <strong>Import dataset</strong> node: each file a run reads is recorded here once per content version, with its rows, columns and
        a profile.
      </p>
      <p className="models-muted">Edit the file and run again: the new content becomes a second version you can compare with the first.</p>
    </div>
  );
}

function VersionList({ items, picked, onPick }: { items: DatasetListItem[]; picked?: string; onPick(id: string): void }) {
  return (
    <ul className="model-list" role="listbox" aria-label="Dataset versions" data-testid="dataset-list">
      {items.map((d, i) => (
        <li
          key={d.id}
          role="option"
          data-roving
          data-dataset={d.id}
          aria-selected={d.id === picked}
          tabIndex={d.id === picked ? 0 : -1}
          className="model-list__item"
          title={d.path}
          onClick={() => onPick(d.id)}
          onKeyDown={(e) => rovingKey(e, i, items.length, (j) => onPick(items[j].id))}
        >
          <span className="model-list__name model-list__path">
            {fileName(d.path)} <span className="models-muted">v{d.version}</span>
          </span>
          <span className="model-list__meta">
            {rowsText(d.rows)} · {d.columnCount} cols · {when(d.lastSeen)}
          </span>
          {d.models.length > 0 && <span className="model-list__meta">models: {d.models.map((m) => `${m.name} v${m.version}`).join(', ')}</span>}
        </li>
      ))}
    </ul>
  );
}

export function DatasetsPanel() {
  const d = useDatasets();
  const setDatasetsOpen = useStudio((s) => s.setDatasetsOpen);
  const openModel = useStudio((s) => s.openModel);
  const root = useRef<HTMLElement>(null);

  // Focus comes in on open and goes back where it was on close.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    root.current?.focus();
    return () => previous?.focus?.();
  }, []);

  return (
    <section
      ref={root}
      className="models-panel datasets-panel"
      aria-label="Datasets"
      data-testid="datasets-panel"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.stopPropagation();
          setDatasetsOpen(false);
          return;
        }
        // Editing shortcuts (delete, undo, select all...) would act on the hidden pipeline: keep them here.
        const shortcut = matchShortcut(e.nativeEvent);
        if (shortcut && !shortcut.global && shortcut.command !== 'shortcuts') e.stopPropagation();
      }}
    >
      <header className="models-panel__head">
        <span className="models-panel__dot" aria-hidden />
        <h2>Datasets</h2>
        <span className="models-muted">the data files the workspace&apos;s runs read, one version per content</span>
        <span className="models-panel__spacer" />
        {d.listError && <span className="models-problem">{d.listError}</span>}
        <button type="button" className="icon-button" aria-label="Refresh the datasets" title="Refresh" onClick={() => void d.refresh()}>
          <RefreshCw size={16} aria-hidden />
        </button>
        <button type="button" className="icon-button" aria-label="Close the Datasets panel" title="Close (Esc)" onClick={() => setDatasetsOpen(false)}>
          <X size={16} aria-hidden />
        </button>
      </header>
      {d.list && d.list.length === 0 && <EmptyState />}
      {d.list && d.list.length > 0 && (
        <div className="models-panel__body">
          <div className="datasets-list__frame">
            <label className="palette-search datasets-search">
              <Search size={14} aria-hidden />
              <input
                type="search"
                placeholder="Search path, id or model"
                aria-label="Search the datasets"
                data-testid="datasets-search"
                value={d.search}
                onChange={(e) => d.setSearch(e.target.value)}
              />
            </label>
            {d.shown.length ? (
              <VersionList items={d.shown} picked={d.picked} onPick={d.pick} />
            ) : (
              <p className="models-muted" data-testid="datasets-no-match">
                No version matches “{d.search}”.
              </p>
            )}
          </div>
          <div className="models-panel__main">
            {d.detailError && (
              <p className="models-problem" role="alert">
                {d.detailError}
              </p>
            )}
            {d.detail && <DatasetDetailView detail={d.detail} onOpenModel={openModel} />}
            {d.detail && <DatasetCompare a={d.detail} b={d.other} choices={d.list} compareWith={d.compareWith} onCompareWith={d.setCompareWith} />}
          </div>
        </div>
      )}
    </section>
  );
}
