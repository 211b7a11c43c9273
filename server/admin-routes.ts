/**
 * `POST /admin/load {"packageDir": "..."}`: the zero-failure swap, for the service manager of the
 * workspace that started this server. Registered only when the server was given an admin token;
 * answered only to a caller on this machine that sends it (`X-Admin-Token`), whatever address the
 * server binds: the token is the workspace's, and loading a model is never a network operation.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SwapRefused, type ModelSlot } from './model-slot.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function tokenMatches(request: FastifyRequest, token: string): boolean {
  const given = request.headers['x-admin-token'];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function registerAdminRoutes(app: FastifyInstance, slot: ModelSlot, token: string): void {
  app.post('/admin/load', async (request, reply) => {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? ''))
      return reply.code(403).send({ error: 'forbidden', message: 'the admin route answers this machine only.' });
    if (!tokenMatches(request, token))
      return reply.code(401).send({ error: 'unauthorized', message: 'send the service admin token (from the workspace service registry) as "X-Admin-Token".' });
    const dir = (request.body as { packageDir?: unknown } | null)?.packageDir;
    if (typeof dir !== 'string' || !dir)
      return reply.code(400).send({ error: 'bad request', message: 'the body must be {"packageDir": "<model package folder>"}.' });
    try {
      return await slot.swap(dir);
    } catch (err) {
      const status = err instanceof SwapRefused ? 409 : 422;
      return reply.code(status).send({ error: status === 409 ? 'another model' : 'cannot load', message: `cannot load ${dir}: ${(err as Error).message}` });
    }
  });
}
