/**
 * The browser mode's gate, in a real Chromium against a real `lifecycle-studio serve`: the page
 * loads only from the tokenised URL, moves the token out of the address bar into sessionStorage,
 * and the contract's WebSocket (token offered as a subprotocol) refuses pages of other origins.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { studioWsProtocols } from '../../engine/contract-names.js';
import { expect, test } from './fixtures.js';
import { SAMPLES_DIR } from './paths.js';

/** Opens the contract socket from inside the page and reports 'open' or how it closed. */
const trySocket = ([wsUrl, protocols]: [string, string[]]) =>
  new Promise<string>((resolve) => {
    const ws = new WebSocket(wsUrl, protocols);
    ws.onopen = () => {
      ws.close();
      resolve('open');
    };
    ws.onclose = (e) => resolve(`closed ${e.code}`);
  });

test('the page loads from the tokenised URL and its socket answers a real request', async ({ page, studio }) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  const response = await page.goto(studio.url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  // The window title carries the pipeline's name and the app's (renderer/layout/use-window-title.ts).
  await expect(page).toHaveTitle('Untitled pipeline — Lifecycle Studio');
  // The renderer mounted something into #root (the app ran under the CSP).
  await expect(page.locator('#root > *').first()).toBeVisible();
  // The window names its icon, and the icon is served (a newcomer saw a favicon 404 on every load).
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect((await page.request.get(new URL(icon ?? 'missing', page.url()).href)).status()).toBe(200);
  expect(failed).toEqual([]);

  const samples = await page.evaluate(
    ([wsUrl, protocols]) =>
      new Promise<unknown>((resolve, reject) => {
        const ws = new WebSocket(wsUrl, protocols);
        ws.onopen = () => ws.send(JSON.stringify({ id: 7, method: 'listSamples', args: [] }));
        ws.onmessage = (e) => {
          const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
          if (msg.id === 7) resolve(msg.result);
        };
        ws.onclose = (e) => reject(new Error(`socket closed ${e.code}`));
      }),
    [`ws://127.0.0.1:${studio.port}/ws`, studioWsProtocols(studio.token)] as [string, string[]],
  );
  // Independent count: the sample files on disk.
  const onDisk = readdirSync(SAMPLES_DIR).filter((n) => n.endsWith('.pipeline.json')).length;
  expect(Array.isArray(samples) && samples.length).toBe(onDisk);
});

test('without the token the page is refused with 401 and says how to get in', async ({ browser, studio }) => {
  // A fresh context: no cookie from an earlier tokenised load.
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${studio.origin}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('needs its token');
  expect((await page.goto(`${studio.origin}/?token=not-the-token`))?.status()).toBe(401);
  await context.close();
});

test('the contract socket refuses a page from another origin, even with the right token', async ({ page, studio }) => {
  const other: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other site</title>'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const otherPort = (other.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${otherPort}/`);
    const socket: [string, string[]] = [`ws://127.0.0.1:${studio.port}/ws`, studioWsProtocols(studio.token)];
    expect(await page.evaluate(trySocket, socket)).toBe('closed 1006');

    // The same socket from the studio's own page opens: the refusal above is the origin's doing.
    await page.goto(studio.url);
    expect(await page.evaluate(trySocket, socket)).toBe('open');
  } finally {
    other.closeAllConnections();
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
});

test('the token leaves the address bar for sessionStorage, a reload still works, and the cookie is not the token', async ({ page, studio }) => {
  const sample = join(SAMPLES_DIR, 'iris-prepare.pipeline.json');
  const withoutToken = `${studio.origin}/?open=${encodeURIComponent(sample)}`;
  await page.goto(`${studio.url}&open=${encodeURIComponent(sample)}`);
  // The sample's three nodes arrive over the socket (openPipeline).
  const nodes = page.locator('.react-flow__node-pipeline');
  await expect(nodes).toHaveCount(3);
  expect(page.url()).toBe(withoutToken);
  expect(await page.evaluate(() => sessionStorage.getItem('lifecycle-studio.token'))).toBe(studio.token);
  const cookie = (await page.context().cookies(studio.origin)).find((c) => c.name === `studio_token_${studio.port}`);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(cookie?.value).not.toBe(studio.token);

  // The reload asks for the URL without the token: the cookie brings the page, sessionStorage the socket.
  const reloaded = await page.reload();
  expect(reloaded?.status()).toBe(200);
  await expect(nodes).toHaveCount(3);
  expect(page.url()).toBe(withoutToken);
});
