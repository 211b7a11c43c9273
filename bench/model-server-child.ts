/**
 * The Node servers of bench/model-server.bench.ts in a process of their own, as they run when
 * deployed, so autocannon's own work does not share their event loop. Talks to the bench over
 * fork()'s IPC: sends the two URLs, answers "stats" with its CPU time and the scorer's path counts.
 *
 * Usage (by the bench only): fork('model-server-child.ts', [modelDir], { execArgv: ['--import', 'tsx'] })
 */
import Fastify from 'fastify';
import { startModelServer } from '../server/start.js';

export interface ChildStats {
  cpuMicros: number;
  requests: { js: number; sql: number };
  /** Requests the bare route answered. */
  bare: number;
  sqlOnly?: string;
}

const ours = await startModelServer(process.argv[2], { port: 0 });
const bare = Fastify();
let bareCount = 0;
bare.post('/predict', async () => (bareCount++, { ok: true }));
await bare.listen({ host: '127.0.0.1', port: 0 });
const send = (m: unknown) => process.send!(m);
send({ urls: { ours: ours.url, bare: `http://127.0.0.1:${(bare.server.address() as { port: number }).port}` } });
process.on('message', async (m) => {
  if (m === 'stats') {
    const { user, system } = process.cpuUsage();
    const stats: ChildStats = { cpuMicros: user + system, requests: { ...ours.scorer.requests }, bare: bareCount, sqlOnly: ours.scorer.sqlOnly };
    send({ stats });
  } else if (m === 'close') {
    await bare.close();
    await ours.close();
    process.exit(0);
  }
});
