/**
 * One authenticated WebSocket client of the browser mode: answers `{id, method, args}` requests
 * with `{id, result}` or `{id, error}`. Whatever the client does (bad UTF-8, an oversized frame,
 * a flood of requests) costs it its own connection or its own requests, never the server.
 */
import type { WebSocket } from 'ws';
import { toWireStudioError } from '../../hosts/shared/host-error.js';
import { handleRequest, type StudioHandlers } from '../../hosts/shared/studio-handlers.js';

export interface SessionLimits {
  /** Requests one connection may have unanswered at once; more are answered TOO_MANY_REQUESTS. */
  maxInFlight: number;
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { code: 'BAD_REQUEST' });
}

/** Wires `ws` to the handlers; `log` hears why a client lost its connection. */
export function attachSession(ws: WebSocket, handlers: StudioHandlers, limits: SessionLimits, log: (line: string) => void): void {
  let inFlight = 0;
  // ws reports protocol violations (invalid UTF-8: 1007, over maxPayload: 1009) as 'error' and
  // closes the socket itself; without a listener the error would be thrown and end the process.
  ws.on('error', (err: Error & { code?: string }) => log(`dropped a WebSocket client: ${err.message} (${err.code ?? 'no code'})`));

  const send = (reply: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
  };

  const answer = async (text: string) => {
    let id: unknown = null;
    try {
      const message = JSON.parse(text) as { id?: unknown; method?: unknown; args?: unknown };
      if (!message || typeof message !== 'object') throw badRequest('expected a JSON object {id, method, args}');
      id = message.id;
      if (typeof id !== 'number' && typeof id !== 'string') throw badRequest('expected "id" to be a number or a string');
      if (inFlight >= limits.maxInFlight) {
        const message = `request ${JSON.stringify(id)} refused: ${limits.maxInFlight} requests of this connection are still unanswered; wait for their answers and retry`;
        send({ id, error: { code: 'TOO_MANY_REQUESTS', message } });
        return;
      }
      inFlight++;
      try {
        send({ id, result: await handleRequest(handlers, message.method, message.args ?? []) });
      } finally {
        inFlight--;
      }
    } catch (err) {
      const error = err instanceof SyntaxError ? { code: 'BAD_REQUEST', message: `the message is not JSON: ${err.message}` } : toWireStudioError(err);
      send({ id, error });
    }
  };

  ws.on('message', (data) => void answer(data.toString()));
}
