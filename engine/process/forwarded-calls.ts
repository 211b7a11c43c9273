/**
 * The process client's plain methods: one per entry of the engine request table
 * (requests/engine-requests.ts) except the streamed `run`, each handing its name and arguments to
 * `forward`. A method added to the table is forwarded without a line here.
 */
import type { EngineApi } from '../engine-types.js';
import { ENGINE_METHOD_NAMES } from '../requests/engine-requests.js';
import type { EngineMethod } from './protocol.js';

/** The methods answered by one request and one response (all but `run`). */
export type ForwardedMethod = Exclude<EngineMethod, 'run'>;

abstract class Forwarding {
  /** Sends one request to the engine process and resolves with its answer. */
  protected abstract forward(method: ForwardedMethod, args: unknown[]): Promise<unknown>;

  static {
    for (const name of ENGINE_METHOD_NAMES) {
      if (name === 'run') continue;
      Object.defineProperty(this.prototype, name, {
        value(this: Forwarding, ...args: unknown[]) {
          return this.forward(name, args);
        },
        writable: true,
        configurable: true,
      });
    }
  }
}

/** Base class of the process client: EngineApi's forwarded methods, typed from the table. */
export const ForwardedEngineCalls = Forwarding as abstract new () => Forwarding & Pick<EngineApi, ForwardedMethod>;
