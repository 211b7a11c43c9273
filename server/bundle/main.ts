/**
 * The entry of the bundled server (`node server.mjs` in a server bundle): serves the package in
 * `./model` beside this file. Settings come from the environment, as in a container:
 * PORT (default 8080), HOST (default 127.0.0.1: this machine only), API_KEY (when set, required on
 * every route but the health checks), LOG_DIR (prediction log folder; none when unset), MODEL_DIR.
 */
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { serveModelFolder } from '../start.js';

const here = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`PORT must be a whole number from 0 to 65535, got "${process.env.PORT}".\n`);
  process.exit(2);
}
const modelDir = process.env.MODEL_DIR ?? join(here, 'model');
try {
  const server = await serveModelFolder(modelDir, {
    port,
    host: process.env.HOST || '127.0.0.1',
    apiKey: process.env.API_KEY || undefined,
    logDir: process.env.LOG_DIR || undefined,
  });
  process.stdout.write(`Serving model ${server.served.name} (version ${server.served.version}) at ${server.url}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`Cannot serve ${modelDir}: ${(err as Error).message}\n`);
  process.exit(1);
}
