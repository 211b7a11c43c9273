/**
 * The model a server answers with, swappable without failing a request: a new version is loaded
 * beside the old one, the slot switches in one assignment, and the old version's ONNX session and
 * DuckDB close only once every request that started on it has been answered (drained).
 *
 * The routes keep their `served` and `scorer` objects: those are views that read the version bound
 * to the current request (an AsyncLocalStorage entered before the handler runs), so one request
 * validates, scores and names its version with the same model even when a swap lands mid-request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RowScorer } from './score-rows.js';
import type { ServedModel } from './served-model.js';

export interface LoadedModel {
  served: ServedModel;
  scorer: RowScorer;
}

interface Entry extends LoadedModel {
  /** Requests bound to this version plus scoring calls still running on it. */
  inFlight: number;
  idle?: () => void;
}

export interface SlotDeps {
  load(dir: string): Promise<LoadedModel>;
  close(model: LoadedModel): Promise<void>;
}

/** What a swap answers: the version now served and the one drained and closed. */
export interface SwapResult {
  model: string;
  version: string;
  previous: string;
}

export class SwapRefused extends Error {}

export class ModelSlot {
  private current: Entry;
  private readonly bound = new AsyncLocalStorage<Entry>();
  private readonly leases = new WeakMap<FastifyRequest, Entry>();
  private swaps: Promise<unknown> = Promise.resolve();
  private onSwitch: ((served: ServedModel) => void) | undefined;
  /** Views for the routes: each property read goes to the request's version. */
  readonly served: ServedModel;
  readonly scorer: RowScorer;

  constructor(
    first: LoadedModel,
    private readonly deps: SlotDeps,
  ) {
    this.current = { ...first, inFlight: 0 };
    this.served = viewOf(first.served, () => this.entry().served);
    this.scorer = new Proxy(first.scorer, {
      get: (_target, key) => {
        if (key !== 'score' && key !== 'scoreOutputs') return Reflect.get(this.entry().scorer, key);
        const entry = this.entry();
        return (...args: Parameters<RowScorer['score']>) =>
          this.scoreOn(entry, (scorer): Promise<unknown> => (key === 'score' ? scorer.score(...args) : scorer.scoreOutputs(...args)));
      },
    });
  }

  private entry(): Entry {
    return this.bound.getStore() ?? this.current;
  }

  /** A scoring call holds its version open even when its request was aborted and released. */
  private async scoreOn<T>(entry: Entry, call: (scorer: RowScorer) => Promise<T>): Promise<T> {
    entry.inFlight++;
    try {
      return await call(entry.scorer);
    } finally {
      this.release(entry);
    }
  }

  private release(entry: Entry): void {
    entry.inFlight--;
    if (entry.inFlight === 0) entry.idle?.();
  }

  /** Binds each request to the version current when its handler starts; `onSwitch` hears each new version (the /metrics info gauge). */
  attach(app: FastifyInstance, onSwitch?: (served: ServedModel) => void): void {
    this.onSwitch = onSwitch;
    app.addHook('preHandler', (request, _reply, done) => {
      // An admin request swapping versions must not hold the old one open: its drain would wait on itself.
      if (request.url.startsWith('/admin/')) return done();
      const entry = this.current;
      entry.inFlight++;
      this.leases.set(request, entry);
      this.bound.run(entry, done);
    });
    const unbind = (request: FastifyRequest) => {
      const entry = this.leases.get(request);
      if (!entry) return;
      this.leases.delete(request);
      this.release(entry);
    };
    // Callback hooks: an async one costs every request a promise and a microtask turn.
    app.addHook('onSend', (request, _reply, payload, done) => {
      unbind(request);
      done(null, payload);
    });
    app.addHook('onResponse', (request, _reply, done) => {
      unbind(request);
      done();
    });
    app.addHook('onRequestAbort', (request, done) => {
      unbind(request);
      done();
    });
  }

  /**
   * Loads `dir` beside the version served, switches to it, then drains and closes the old one.
   * Swaps run one at a time.
   *
   * @throws SwapRefused when `dir` holds another model (its name differs): that is a new service, not a new version.
   */
  swap(dir: string): Promise<SwapResult> {
    const next = this.swaps.then(() => this.swapNow(dir));
    this.swaps = next.catch(() => undefined);
    return next;
  }

  private async swapNow(dir: string): Promise<SwapResult> {
    const loaded = await this.deps.load(dir);
    const old = this.current;
    if (loaded.served.name !== old.served.name) {
      await this.deps.close(loaded);
      throw new SwapRefused(`${dir} holds model "${loaded.served.name}", but this server serves "${old.served.name}"; deploy it as a new service instead.`);
    }
    this.current = { ...loaded, inFlight: 0 };
    this.onSwitch?.(loaded.served);
    if (old.inFlight > 0) await new Promise<void>((resolve) => (old.idle = resolve));
    await this.deps.close(old);
    return { model: loaded.served.name, version: loaded.served.version, previous: old.served.version };
  }

  /** Closes the version served (after any swap under way). */
  async close(): Promise<void> {
    await this.swaps;
    await this.deps.close(this.current);
  }
}

/** An object whose properties are read from `pick()` at each access (also when spread or listed). */
function viewOf<T extends object>(shape: T, pick: () => T): T {
  return new Proxy(shape, {
    get: (_target, key) => Reflect.get(pick(), key),
    has: (_target, key) => Reflect.has(pick(), key),
    ownKeys: () => Reflect.ownKeys(pick()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(pick(), key),
  });
}
