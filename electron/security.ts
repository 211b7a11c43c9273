/**
 * The desktop shell's security policy in one place, free of Electron imports so it is unit-tested:
 * where the window's pages come from, which frames may call the IPC bridge, the window's
 * webPreferences and the Content-Security-Policy sent with every page.
 */

/** The privileged scheme that serves the built renderer (never file://, never http). */
export const APP_SCHEME = 'studio-app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The only URLs our windows may show and the only frames the IPC bridge answers: pages of the
 * app scheme. Anything else (a navigation that slipped through, an injected iframe) is refused.
 */
export function isTrustedAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Strict CSP: our own scripts only, no eval, no remote content of any kind. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React Flow positions nodes with inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** webPreferences for every window: isolated, sandboxed, no Node, no webview, no remote anything. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

/** Resolves a request path of the app scheme to a file inside `root`, or undefined to refuse it. */
export function appUrlToRelativePath(url: string): string | undefined {
  if (!isTrustedAppUrl(url)) return undefined;
  const pathname = decodeURIComponent(new URL(url).pathname);
  if (pathname.includes('\0')) return undefined;
  const parts = pathname.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return undefined;
  return parts.length ? parts.join('/') : 'index.html';
}
