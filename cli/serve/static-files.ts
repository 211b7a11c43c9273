/**
 * Serves the built renderer from one folder. Paths are resolved inside the root only (no `..`
 * escapes), unknown routes fall back to index.html (the window is a single page).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, relative, isAbsolute } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Sends the file for `urlPath` from `root`, or index.html for routes without a file. */
export async function sendStatic(root: string, urlPath: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad URL encoding.');
    return;
  }
  const candidate = join(root, normalize(decoded));
  const rel = relative(root, candidate);
  const inside = !rel.startsWith('..') && !isAbsolute(rel) && !decoded.includes('\0');
  let file = inside && rel !== '' && (await isFile(candidate)) ? candidate : undefined;
  // Asset-looking paths that do not exist are real 404s; everything else is a route of the page.
  if (!file && extname(decoded) && extname(decoded) !== '.html') {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Not found.');
    return;
  }
  file ??= join(root, 'index.html');
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Hashed assets may be cached; the page itself never, so a rebuilt renderer is picked up.
  const cache = file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600';
  res.writeHead(200, { ...headers, 'content-type': type, 'cache-control': cache });
  createReadStream(file).pipe(res);
}
