/**
 * The browser mode's transport: the StudioApi over one WebSocket to `lifecycle-studio serve`,
 * authenticated by the page token offered as a subprotocol (see STUDIO_WS_PROTOCOL). Messages: `{id, method, args}` -> `{id, result}` | `{id, error: {code, message, issues?}}`, and
 * pushed `{event}`. Requests made while (re)connecting wait for the socket; a dropped socket fails
 * what was in flight with DISCONNECTED. While anyone listens for events the client reconnects by
 * itself (backing off up to 10 s); otherwise the next request reconnects.
 */
import type { StudioApi, StudioEvent, StudioRequestName } from '../../engine/contract.js';
import type { ValidationIssue } from '../../engine/engine-types.js';
import { STUDIO_REQUEST_NAMES as REQUEST_NAMES, studioWsProtocols } from '../../engine/contract-names.js';
import { StudioError } from './studio-error.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: StudioError): void;
}

type Incoming =
  | { id: number; result?: unknown; error?: undefined }
  | { id: number | null; error: { code: string; message: string; issues?: ValidationIssue[] } }
  | { event: StudioEvent };

/** The socket URL for the page this script runs in: same host, path /ws (the token is not in it). */
export function socketUrlFromPage(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

/**
 * @example
 * const api = createWebSocketStudioApi(socketUrlFromPage(window.location), adoptPageToken(window));
 * const samples = await api.listSamples();
 */
export function createWebSocketStudioApi(url: string, token: string, WebSocketImpl: typeof WebSocket = WebSocket): StudioApi {
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: StudioEvent) => void>();
  let nextId = 1;
  let opened: Promise<WebSocket> | undefined;
  let retryMs = 500;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const scheduleReconnect = () => {
    if (retryTimer || listeners.size === 0) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void open().catch(() => undefined);
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 10_000);
  };

  const open = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocketImpl(url, studioWsProtocols(token));
      ws.onopen = () => {
        retryMs = 500;
        resolve(ws);
      };
      // A refused or failed socket also fires close, where the failure is handled.
      ws.onerror = () => undefined;
      ws.onmessage = (e: MessageEvent) => receive(String(e.data));
      ws.onclose = (e: CloseEvent) => {
        opened = undefined;
        const error = new StudioError(
          'DISCONNECTED',
          `lost the connection to the studio server (code ${e.code}${e.reason ? `: ${e.reason}` : ''}); is \`lifecycle-studio serve\` still running? If the page was opened without its token, open the full URL the server printed.`,
        );
        reject(error);
        for (const p of pending.values()) p.reject(error);
        pending.clear();
        scheduleReconnect();
      };
    });
    // Nobody may be awaiting this promise when the socket closes before opening.
    opened.catch(() => undefined);
    return opened;
  };

  const receive = (text: string) => {
    let message: Incoming;
    try {
      message = JSON.parse(text) as Incoming;
    } catch {
      return;
    }
    if ('event' in message) {
      for (const l of listeners) l(message.event);
      return;
    }
    const p = message.id === null ? undefined : pending.get(message.id);
    if (!p) return;
    pending.delete(message.id as number);
    if (message.error) p.reject(new StudioError(message.error.code, message.error.message, message.error.issues ?? []));
    else p.resolve(message.result);
  };

  const call = async (method: StudioRequestName, args: unknown[]): Promise<unknown> => {
    const ws = await open();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, args }));
    });
  };

  const api: Record<string, unknown> = {
    onEvent(listener: (event: StudioEvent) => void) {
      listeners.add(listener);
      // Events flow only over an open socket: subscribing connects.
      void open().catch(() => undefined);
      return () => listeners.delete(listener);
    },
  };
  for (const name of REQUEST_NAMES) api[name] = (...args: unknown[]) => call(name, args);
  return api as StudioApi;
}
