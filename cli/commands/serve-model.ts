/**
 * `lifecycle-studio serve-model <model-dir>`: serves one trained model over HTTP (POST /predict, the
 * Open Inference Protocol v2, /metrics, /openapi.json) until Ctrl+C. Loopback unless --host says otherwise.
 */
import { startModelServer } from '../../server/start.js';
import { parseCommandLine } from '../args.js';

const USAGE = `Usage: lifecycle-studio serve-model <model-dir> [options]

Options:
  --port N             port to listen on (default 8080; 0 picks a free one)
  --host ADDR          address to bind (default 127.0.0.1: this machine only)
  --api-key-env NAME   require the key held in environment variable NAME on every request
                       (as "Authorization: Bearer <key>" or "X-API-Key: <key>"; health checks stay open)
  --log-dir DIR        log every prediction to DIR/predictions.jsonl (JSON Lines, rotated at 50 MB);
                       no log without it

<model-dir> is a model folder written by the Train node (model.onnx and recipe.json).
Stop with Ctrl+C.`;

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandLine(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key-env': { type: 'string' },
      'log-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`serve-model takes one model folder, got ${positionals.length}.\n\n${USAGE}\n`);
    return 2;
  }
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
  let server;
  try {
    server = await startModelServer(positionals[0], { port, host: values.host, apiKey, logDir: values['log-dir'] });
  } catch (err) {
    process.stderr.write(`Cannot serve ${positionals[0]}: ${(err as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`Serving model ${server.served.name} (version ${server.served.version}) at ${server.url}\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await server.close();
  return 0;
}
