/**
 * Builds the window bundle into dist/renderer (run from the project root, as the package scripts
 * do). `base: './'` keeps asset URLs relative so the same build loads from Electron's file:// and
 * from the browser-mode server.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
  },
  server: { host: '127.0.0.1' },
});
