/** Loads a model folder and listens: what `lifecycle-studio serve-model` runs. */
import { buildApp, type AppOptions } from './app.js';
import { RowScorer } from './score-rows.js';
import { loadServedModel } from './served-model.js';

export interface StartOptions extends AppOptions {
  host?: string;
  port?: number;
}

/** @example const { url, close } = await startModelServer('/path/to/model', { port: 0 }); */
export async function startModelServer(dir: string, options: StartOptions = {}) {
  const served = await loadServedModel(dir);
  const scorer = await RowScorer.open(served);
  const app = buildApp(served, scorer, options);
  // Loopback unless the caller names another address: a model must not reach the network by default.
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 8080 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    served,
    scorer,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: async () => {
      await app.close();
      scorer.close();
      await served.session.release();
    },
  };
}
