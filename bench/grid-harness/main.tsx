/**
 * A page holding only the window's table viewer (grid + profile headers) on the real StudioApi over
 * the browser-mode WebSocket, so bench/table-1m.bench.ts times the viewer without the editor around it.
 */
import { createRoot } from 'react-dom/client';
import type { StudioApi } from '../../engine/contract.js';
import type { TableValue } from '../../engine/values.js';
import { getStudioApi } from '../../renderer/api/index.js';
import { StudioApiProvider } from '../../renderer/store/api-context.js';
import { PortView } from '../../renderer/viewers/port-view.js';
import '../../renderer/styles/tokens.css';

declare global {
  interface Window {
    bench: { api: StudioApi; show(value: TableValue | undefined): void };
  }
}

const api = getStudioApi();
const root = createRoot(document.getElementById('root')!);
window.bench = {
  api,
  show: (value) =>
    root.render(
      value && (
        <StudioApiProvider api={api}>
          <div
            style={{
              height: '100%',
              display: 'flex',
              flexDirection: 'column',
              padding: 8,
              boxSizing: 'border-box',
            }}
          >
            <PortView value={value} />
          </div>
        </StudioApiProvider>
      ),
    ),
};
