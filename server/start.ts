/** Loads a model folder and listens: what `lifecycle-studio serve-model` runs. */
import { buildApp, type AppOptions } from './app.js';
import { ModelSlot, type LoadedModel } from './model-slot.js';
import { RowScorer } from './score-rows.js';
import { loadServedModel } from './served-model.js';

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
