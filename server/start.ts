/** Loads a model folder and listens: what `lifecycle-studio serve-model` runs. */
import { buildApp, type AppOptions } from './app.js';
import { ModelSlot, type LoadedModel } from './model-slot.js';
import { RowScorer } from './score-rows.js';
import { loadServedModel } from './served-model.js';
import { isPromptPackage } from '../engine/models/package/prompt-package.js';
import { buildPromptApp } from './prompt-app.js';
import { loadServedPrompt } from './prompt-served.js';

export interface StartOptions extends Omit<AppOptions, 'slot'> {
  host?: string;
  port?: number;
}

async function openModel(dir: string): Promise<LoadedModel> {
  const served = await loadServedModel(dir);
  return { served, scorer: await RowScorer.open(served) };
}

async function closeModel({ served, scorer }: LoadedModel): Promise<void> {
  scorer.close();
  await served.session.release();
}

/** @example const { url, close } = await startModelServer('/path/to/model', { port: 0 }); */
export async function startModelServer(dir: string, options: StartOptions = {}) {
  const slot = new ModelSlot(await openModel(dir), { load: openModel, close: closeModel });
  const app = buildApp(slot.served, slot.scorer, { ...options, slot });
  // Loopback unless the caller names another address: a model must not reach the network by default.
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 8080 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    app,
    served: slot.served,
    scorer: slot.scorer,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    /** Swaps in another version of the same model without failing a request (see model-slot.ts). */
    swap: (next: string) => slot.swap(next),
    close: async () => {
      await app.close();
      await slot.close();
    },
  };
}

/** Serves a prompt package: the same address, key, log and admin options as a trained model. */
export async function startPromptServer(dir: string, options: StartOptions = {}) {
  const served = await loadServedPrompt(dir);
  const app = buildPromptApp(served, options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 8080 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { served, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, close: () => app.close() };
}

/**
 * What `serve-model` and the bundled server run: a prompt package through the prompt server,
 * anything else (a trained model's package or folder) through the model server.
 */
export async function serveModelFolder(
  dir: string,
  options: StartOptions = {},
): Promise<{ served: { name: string; version: string }; url: string; close: () => Promise<unknown> }> {
  if (await isPromptPackage(dir)) return startPromptServer(dir, options);
  return startModelServer(dir, options);
}
