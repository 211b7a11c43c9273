/**
 * The Node servers of bench/model-server.bench.ts in a process of their own, as they run when
 * deployed, so autocannon's own work does not share their event loop: the model server, the same
 * model server writing the prediction log (as the Deploy node runs it) when a log folder is given,
 * and the bare route. Talks to the bench over fork()'s IPC: sends the URLs, answers "stats" with its
 * CPU time and the requests each server answered.
 *
 * Usage (by the bench only): fork('model-server-child.ts', [modelDir, logDir?], { execArgv: ['--import', 'tsx'] })
 * (a BEFORE=<commit> run forks that commit's copy of this file, which may not know the log folder).
 */
import Fastify from 'fastify';
import { startModelServer } from '../server/start.js';

export interface ChildStats {
  cpuMicros: number;
  requests: { js: number; sql: number };
  /** Requests the bare route answered. */
  bare: number;
  /** Requests the logging model server scored (absent without a log folder). */
  logged?: { js: number; sql: number };
  /** Answers the logging server finished sending (a request whose client left before its answer is scored, not answered). */
  loggedAnswers?: number;
  sqlOnly?: string;
}

const [modelDir, logDir] = process.argv.slice(2);
const ours = await startModelServer(modelDir, { port: 0 });
const logged = logDir ? await startModelServer(modelDir, { port: 0, logDir }) : undefined;
let loggedAnswers = 0;
logged?.app.server.on('request', (_req, res) => res.once('finish', () => loggedAnswers++));
const bare = Fastify();
let bareCount = 0;
// Fastify parses the JSON body before any handler runs (a body that is not JSON gets a 400 here too),
// so this route pays for reading and parsing the same body; it answers a constant.
bare.post('/predict', async () => (bareCount++, { ok: true }));
await bare.listen({ host: '127.0.0.1', port: 0 });
const send = (m: unknown) => process.send!(m);
send({ urls: { ours: ours.url, bare: `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`, logged: logged?.url } });
process.on('message', async (m) => {
  if (m === 'stats') {
    const { user, system } = process.cpuUsage();
    const stats: ChildStats = {
      cpuMicros: user + system,
      requests: { ...ours.scorer.requests },
      bare: bareCount,
      logged: logged && { ...logged.scorer.requests },
      loggedAnswers,
      sqlOnly: ours.scorer.sqlOnly,
    };
    send({ stats });
  } else if (m === 'close') {
    await bare.close();
    await ours.close();
    // Closing the logging server writes every queued record.
    await logged?.close();
    process.exit(0);
  }
});
