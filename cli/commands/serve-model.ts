/**
 * `lifecycle-studio serve-model <model-dir>`: serves one trained model over HTTP (POST /predict, the
 * Open Inference Protocol v2, /metrics, /openapi.json) until Ctrl+C. Loopback unless --host says otherwise.
 */
import { serveModelFolder } from '../../server/start.js';
import { parseOneFileCommand } from '../args.js';

const USAGE = `Usage: lifecycle-studio serve-model <model-dir> [options]

Options:
  --port N             port to listen on (default 8080; 0 picks a free one)
  --host ADDR          address to bind (default 127.0.0.1: this machine only)
  --api-key-env NAME   require the key held in environment variable NAME on every request
                       (as "Authorization: Bearer <key>" or "X-API-Key: <key>"; health checks stay open)
  --log-dir DIR        log every prediction to DIR/predictions.jsonl (JSON Lines, rotated at 50 MB);
                       no log without it
  --admin-token-env NAME
                       enable POST /admin/load (swap in another version of the same model without
                       failing a request), answered only on this machine to callers sending the
                       token held in environment variable NAME as "X-Admin-Token"

<model-dir> is a model package: a registry version (<workspace>/models/<name>/<version>) or
the Train node's model output; every file is checked against its sha256 in manifest.json.
A prompt package (Package model on a Prompt node) is served too: /predict renders each row into
the packaged variant, calls the provider the package names and answers with the parsed reply,
validity, tokens and cost. The provider's key is read from the environment variable the package
names (its secret name, e.g. OPENAI_API_KEY), never from the package.
Stop with Ctrl+C.`;

export async function main(args: string[]): Promise<number> {
  const cmd = parseOneFileCommand(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key-env': { type: 'string' },
      'log-dir': { type: 'string' },
      'admin-token-env': { type: 'string' },
    },
    USAGE,
    'model folder',
  );
  if ('exit' in cmd) return cmd.exit;
  const { values } = cmd.parsed;
  const { path } = cmd;
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, got "${values.port}".\n\n${USAGE}\n`);
    return 2;
  }
  const keyEnv = values['api-key-env'];
  const apiKey = keyEnv === undefined ? undefined : process.env[keyEnv];
  if (keyEnv !== undefined && !apiKey) {
    process.stderr.write(`--api-key-env names ${keyEnv}, but that environment variable is empty or unset. Set it to the key callers must send.\n`);
    return 2;
  }
  const adminEnv = values['admin-token-env'];
  const adminToken = adminEnv === undefined ? undefined : process.env[adminEnv];
  if (adminEnv !== undefined && !adminToken) {
    process.stderr.write(`--admin-token-env names ${adminEnv}, but that environment variable is empty or unset.\n`);
    return 2;
  }
  let server;
  try {
    server = await serveModelFolder(path, { port, host: values.host, apiKey, logDir: values['log-dir'], adminToken });
  } catch (err) {
    process.stderr.write(`Cannot serve ${path}: ${(err as Error).message}\n`);
    return 1;
  }
  // Handlers before the "Serving" line: whoever waits for it (a test, the service manager) may signal at once.
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  process.stdout.write(`Serving model ${server.served.name} (version ${server.served.version}) at ${server.url}\n`);
  await stopped;
  await server.close();
  return 0;
}
