/**
 * The window layout: header; palette | canvas | inspector; bottom panel; status bar. The bottom
 * panel and status bar belong to the run views (renderer/viewers, renderer/run) and are mounted
 * in the named slots here.
 */
import { lazy, Suspense } from 'react';
import { FlowCanvas } from '../canvas/flow-canvas.js';
import { CsvPreviewPanel } from '../canvas/csv-preview-panel.js';
import { HeaderBar } from '../header/header-bar.js';
import { Inspector } from '../inspector/inspector.js';
import { Palette } from '../palette/palette.js';
import { StatusBar } from '../run/status-bar.js';
import { useStudio } from '../store/studio-store-context.js';
import { DialogHost } from '../ui/dialog-host.js';
import { Toasts } from '../ui/toasts.js';
import { StartScreen } from '../start/start-screen.js';
import { EmptyCanvasHint } from '../start/empty-canvas-hint.js';
import { PreRunPanel } from '../prerun/pre-run-panel.js';

// The bottom panel carries ECharts, the table viewers and run history (most of the bundle): it is
// its own chunk, loaded after the canvas has booted.
const BottomPanel = lazy(() => import('../viewers/bottom-panel.js').then((m) => ({ default: m.BottomPanel })));
// The Models panel (the model registry) is opened now and then: its own chunk too.
const ModelsPanel = lazy(() => import('../models/models-panel.js').then((m) => ({ default: m.ModelsPanel })));
const VersionsPanel = lazy(() => import('../versions/versions-panel.js').then((m) => ({ default: m.VersionsPanel })));
const DatasetsPanel = lazy(() => import('../datasets/datasets-panel.js').then((m) => ({ default: m.DatasetsPanel })));
const DeploymentsPanel = lazy(() => import('../deployments/deployments-panel.js').then((m) => ({ default: m.DeploymentsPanel })));

/** The window frame with the named slots for the run views. */
export function AppLayout({ onImportFile }: { onImportFile(file: File): void }) {
  const panels = useStudio((s) => s.panels);
  const modelsOpen = useStudio((s) => s.modelsOpen);
  const deploymentsOpen = useStudio((s) => s.deploymentsOpen);
  const versionsOpen = useStudio((s) => s.versionsOpen);
  const datasetsOpen = useStudio((s) => s.datasetsOpen);
  const startOpen = useStudio((s) => s.startOpen);
  return (
    <div className={`app${panels.bottom ? ' has-bottom' : ''}`}>
      <HeaderBar />
      <div className="workspace">
        {panels.palette && <Palette />}
        <main className="center" aria-label="Pipeline canvas">
          <FlowCanvas />
          <CsvPreviewPanel />
          {/* Issue 17: the first run. */}
          <EmptyCanvasHint />
          <PreRunPanel />
          {startOpen && <StartScreen />}
        </main>
        {panels.inspector && <Inspector />}
        {/* Over palette, canvas and inspector: the registry needs the width, not the pipeline. */}
        {modelsOpen && (
          <Suspense fallback={<div className="models-panel-loading" aria-busy="true" />}>
            <ModelsPanel />
          </Suspense>
        )}
        {datasetsOpen && (
          <Suspense fallback={<div className="models-panel-loading" aria-busy="true" />}>
            <DatasetsPanel />
          </Suspense>
        )}
        {deploymentsOpen && (
          <Suspense fallback={<div className="models-panel-loading" aria-busy="true" />}>
            <DeploymentsPanel />
          </Suspense>
        )}
        {versionsOpen && (
          <Suspense fallback={<div className="models-panel-loading" aria-busy="true" />}>
            <VersionsPanel target={versionsOpen} />
          </Suspense>
        )}
      </div>
      {panels.bottom && (
        <div className="slot-bottom-panel" data-slot="bottom-panel">
          <Suspense fallback={<div className="bottom-panel-loading" aria-busy="true" />}>
            <BottomPanel />
          </Suspense>
        </div>
      )}
      <div className="slot-status-bar" data-slot="status-bar">
        <StatusBar />
      </div>
      <input
        id="import-file-input"
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) onImportFile(f);
        }}
      />
      <DialogHost />
      <Toasts />
    </div>
  );
}
