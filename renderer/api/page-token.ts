/**
 * The browser mode's token, kept out of the address bar. The server prints one URL ending in
 * `?token=...`; on load the page moves the token into sessionStorage (per origin, so per port, and
 * per tab) and rewrites the URL without it, so it is neither on screen nor in the back/forward
 * history, and a reload still finds it. The page's cookie is only an HMAC good for static files.
 */

/** The sessionStorage key of the token. */
export const TOKEN_STORAGE_KEY = 'lifecycle-studio.token';

type PageWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

/**
 * The token for this page: from the URL (then stored and removed from it) or from sessionStorage.
 * Empty when neither has one; the server then refuses the socket and the window says so.
 *
 * @example
 * const api = createWebSocketStudioApi(socketUrlFromPage(window.location), adoptPageToken(window));
 */
export function adoptPageToken(win: PageWindow): string {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (!fromUrl) return readStored(win) ?? '';
  try {
    win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
  } catch {
    // No storage (disabled, or full): keep the token in the URL, else a reload would lock the page out.
    return fromUrl;
  }
  url.searchParams.delete('token');
  win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return fromUrl;
}

function readStored(win: PageWindow): string | undefined {
  try {
    return win.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
