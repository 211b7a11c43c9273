/**
 * Serves the built renderer under `studio-app://renderer/`, with the strict CSP on every response.
 * A custom privileged scheme instead of file:// gives the pages their own origin (file:// pages
 * could read any file), and lets the IPC sender check compare one exact origin.
 */
import { net, protocol } from 'electron';
import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, appUrlToRelativePath, CONTENT_SECURITY_POLICY } from './security.js';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** Answers app-scheme requests from `rendererDir`; unknown routes get index.html (single page). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const rel = appUrlToRelativePath(request.url);
    if (!rel) return new Response('Not found', { status: 404 });
    let file = join(rendererDir, rel);
    const exists = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!exists) {
      if (extname(rel) && extname(rel) !== '.html') return new Response('Not found', { status: 404 });
      file = join(rendererDir, 'index.html');
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
