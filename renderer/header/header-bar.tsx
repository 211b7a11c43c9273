/**
 * The window header: app mark, File menu, the document name with its dirty marker, edit tools, the
 * run controls (owned by the run views), theme and shortcut list.
 */
import { Boxes, Database, Keyboard, LayoutGrid, Redo2, Server, StickyNote, Undo2 } from 'lucide-react';
import { AutomationsButton } from '../automations/automations-button.js';
import { useCommandTable } from '../commands/commands-context.js';
import { RunToolbar } from '../run/run-toolbar.js';
import { withShortcut } from '../shortcuts/keymap.js';
import { useStudio } from '../store/studio-store-context.js';
import { FileMenu } from './file-menu.js';
import { PanelToggles } from './panel-toggles.js';
import { ThemeToggle } from './theme-toggle.js';
import { VersionsButton } from '../versions/versions-button.js';

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

function DocumentTitle() {
  const name = useStudio((s) => s.doc.name);
  const path = useStudio((s) => s.filePath);
  const dirty = useStudio((s) => s.doc !== s.savedDoc);
  return (
    <div className="doc-title" title={path ?? 'Not saved yet'} data-testid="doc-title" data-dirty={dirty}>
      <span className="doc-title-name">{name}</span>
      <span className="doc-title-file">{path ? baseName(path) : 'unsaved'}</span>
      {dirty && (
        <span className="dirty-dot" aria-label="unsaved changes" title="Unsaved changes">
          ●
        </span>
      )}
    </div>
  );
}

/** The window header with the run-controls slot (`data-slot="run-controls"`). */
export function HeaderBar() {
  const commands = useCommandTable();
  const canUndo = useStudio((s) => s.history.past.length > 0);
  const canRedo = useStudio((s) => s.history.future.length > 0);
  const modelsOpen = useStudio((s) => s.modelsOpen);
  const deploymentsOpen = useStudio((s) => s.deploymentsOpen);
  const datasetsOpen = useStudio((s) => s.datasetsOpen);
  const setDatasetsOpen = useStudio((s) => s.setDatasetsOpen);
  return (
    <header className="header-bar">
      <div className="header-left">
        <span className="app-mark" aria-hidden>
          LS
        </span>
        <FileMenu />
        <DocumentTitle />
      </div>
      <div className="header-tools" role="toolbar" aria-label="Edit">
        <button
          type="button"
          className="icon-button"
          data-testid="undo"
          aria-label={withShortcut('undo')}
          title={withShortcut('undo')}
          disabled={!canUndo}
          onClick={commands.undo}
        >
          <Undo2 size={16} aria-hidden />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="redo"
          aria-label={withShortcut('redo')}
          title={withShortcut('redo')}
          disabled={!canRedo}
          onClick={commands.redo}
        >
          <Redo2 size={16} aria-hidden />
        </button>
        <span className="toolbar-sep" aria-hidden />
        <button
          type="button"
          className="icon-button"
          data-testid="auto-layout"
          aria-label={withShortcut('autoLayout')}
          title={withShortcut('autoLayout')}
          onClick={() => void commands.autoLayout()}
        >
          <LayoutGrid size={16} aria-hidden />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="add-note"
          aria-label={withShortcut('addNote')}
          title={withShortcut('addNote')}
          onClick={commands.addNote}
        >
          <StickyNote size={16} aria-hidden />
        </button>
      </div>
      <div className="header-run" data-slot="run-controls">
        <RunToolbar />
      </div>
      <div className="header-right">
        <button
          type="button"
          className={`icon-button${modelsOpen ? ' is-on' : ''}`}
          data-testid="open-models"
          aria-pressed={modelsOpen}
          aria-label={withShortcut('models')}
          title={withShortcut('models')}
          onClick={() => void commands.models()}
        >
          <Boxes size={16} aria-hidden />
        </button>
        <button
          type="button"
          className={`icon-button${datasetsOpen ? ' is-on' : ''}`}
          data-testid="open-datasets"
          aria-pressed={datasetsOpen}
          aria-label="Datasets"
          title="Datasets (the data files runs read)"
          onClick={() => setDatasetsOpen(!datasetsOpen)}
        >
          <Database size={16} aria-hidden />
        </button>
        <button
          type="button"
          className={`icon-button${deploymentsOpen ? ' is-on' : ''}`}
          data-testid="open-deployments"
          aria-pressed={deploymentsOpen}
          aria-label={withShortcut('deployments')}
          title={withShortcut('deployments')}
          onClick={() => void commands.deployments()}
        >
          <Server size={16} aria-hidden />
        </button>
        <VersionsButton />
        <PanelToggles />
        <AutomationsButton />
        <span className="toolbar-sep" aria-hidden />
        <ThemeToggle />
        <button type="button" className="icon-button" aria-label={withShortcut('shortcuts')} title={withShortcut('shortcuts')} onClick={commands.shortcuts}>
          <Keyboard size={16} aria-hidden />
        </button>
      </div>
    </header>
  );
}
