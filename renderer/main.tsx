/**
 * Entry point of the window bundle: picks the host transport and renders the app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/canvas.css';
import './styles/inspector.css';
import './styles/controls.css';
import { nodeDefs } from '../nodes/defs.js';
import { getStudioApi } from './api/index.js';
import { App } from './app.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root">');
createRoot(root).render(
  <StrictMode>
    <App api={getStudioApi()} defs={nodeDefs} />
  </StrictMode>,
);
