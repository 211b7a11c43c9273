import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../engine-types.js';
import type { HostMessage, WorkerMessage } from './protocol.js';
import { serveEngine } from './engine-server.js';
import type { WorkerPort } from './transport.js';

function fakePort() {
  let onMessage: (m: HostMessage) => void = () => {};
  let onDisconnect: () => void = () => {};
  const sent: WorkerMessage[] = [];
  const port: WorkerPort = {
    postMessage: (m) => sent.push(m),
    onMessage: (l) => (onMessage = l),
    onDisconnect: (l) => (onDisconnect = l),
  };
  return { port, sent, deliver: (m: HostMessage) => onMessage(m), disconnect: () => onDisconnect() };
}

afterEach(() => vi.useRealTimers());

describe('engine server shutdown', () => {
  it('exits after a bounded grace time when the host disconnects and close() never settles', async () => {
    vi.useFakeTimers();
    const exit = vi.fn();
    const engine = { close: () => new Promise<void>(() => {}) } as unknown as EngineApi;
    const { port, sent, deliver, disconnect } = fakePort();
    serveEngine(port, () => engine, { exit });
    deliver({ kind: 'init', workspaceDir: '/w' });
    await vi.waitFor(() => expect(sent.some((m) => m.kind === 'ready')).toBe(true));

    disconnect();
    await vi.advanceTimersByTimeAsync(2000);
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1500);
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('exits at once when close() settles quickly', async () => {
    const exit = vi.fn();
    const engine = { close: async () => {} } as unknown as EngineApi;
    const { port, sent, deliver, disconnect } = fakePort();
    serveEngine(port, () => engine, { exit });
    deliver({ kind: 'init', workspaceDir: '/w' });
    await vi.waitFor(() => expect(sent.some((m) => m.kind === 'ready')).toBe(true));
    disconnect();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
  });
});
