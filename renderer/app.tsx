/**
 * The window: providers (api, store, React Flow), the commands and the window-wide behaviours
 * (shortcuts, run events, autosave, file drop), then the layout.
 */
import { useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { StudioApi } from '../engine/contract.js';
import type { NodeDef } from '../engine/node-def.js';
import type { PipelineDocument } from '../engine/document/schema.js';
import { useCsvDrop } from './canvas/use-csv-drop.js';
import { initialPipelinePath } from './api/index.js';
import { CommandsProvider } from './commands/commands-context.js';
import { useCommands } from './commands/use-commands.js';
import { useMenuCommands } from './commands/use-menu-commands.js';
import { useDocumentSafety } from './files/use-document-safety.js';
import { useInitialOpen } from './files/use-initial-open.js';
import { storedTheme, useTheme } from './header/use-theme.js';
import { AppLayout } from './layout/app-layout.js';
import { useWindowTitle } from './layout/use-window-title.js';
import { useRefusalRecheck } from './run/refusal-recheck.js';
import { useRunEvents } from './run/use-run-events.js';
import { useStalePlan } from './run/use-stale-plan.js';
import { useShortcutKeys } from './shortcuts/use-shortcut-keys.js';
import { StudioApiProvider } from './store/api-context.js';
import { createStudioStore, type StudioStore } from './store/create-studio-store.js';
import { StudioStoreProvider } from './store/studio-store-context.js';

function Window() {
  const commands = useCommands();
  useShortcutKeys(commands);
  useMenuCommands(commands);
  useDocumentSafety();
  useInitialOpen();
  useRunEvents();
  useStalePlan();
  useRefusalRecheck();
  useTheme();
  useWindowTitle();
  useCsvDrop(commands.file);
  return (
    <CommandsProvider commands={commands}>
      <AppLayout onImportFile={(f) => void f.text().then((text) => commands.file.importText(text, f.name))} />
    </CommandsProvider>
  );
}

export interface AppProps {
  api: StudioApi;
  defs: readonly NodeDef[];
  /** A store made by the caller (tests); otherwise one is created. */
  store?: StudioStore;
  document?: PipelineDocument;
}

/**
 * The whole window for one pipeline.
 *
 * @example
 * createRoot(el).render(<App api={getStudioApi()} defs={nodeDefs} />);
 */
export function App({ api, defs, store: given, document }: AppProps) {
  const [store] = useState(() => {
    // Issue 17: a window opened with no pipeline shows the start screen.
    const s = given ?? createStudioStore({ defs, document, startOpen: document === undefined && !initialPipelinePath() });
    s.getState().setTheme(storedTheme());
    return s;
  });
  return (
    <StudioApiProvider api={api}>
      <StudioStoreProvider store={store}>
        <ReactFlowProvider>
          <Window />
        </ReactFlowProvider>
      </StudioStoreProvider>
    </StudioApiProvider>
  );
}
