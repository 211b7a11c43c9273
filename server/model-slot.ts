/**
 * The model a server answers with, swappable without failing a request: a new version is loaded
 * beside the old one, the slot switches in one assignment, and the old version's ONNX session and
 * DuckDB close only once every request that started on it has been answered (drained).
 *
 * Each request is leased the version current when its handler starts; the routes ask `modelOf(request)`
 * for it, so one request validates, scores and names its version with the same model even when a swap
 * lands mid-request. A lease is a WeakMap entry, not an AsyncLocalStorage: entering one turned on
 * Node's promise hooks for every promise of the process (with the Proxy views the routes read, about
 * 12% of a 1-row request's processor time; bench/measured/model-server.md).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RowScorer } from './score-rows.js';
import type { ServedModel } from './served-model.js';

export interface LoadedModel {
  served: ServedModel;
  scorer: RowScorer;
}

/** What a route scores with. */
export type Scoring = Pick<RowScorer, 'score' | 'scoreOutputs'>;

/** The version a request is answered with. */
export interface RequestModel {
  served: ServedModel;
  scorer: Scoring;
}

/** The routes' way to their request's model (a fixed one without a slot). */
export type ModelOf = (request: FastifyRequest) => RequestModel;

interface Entry extends LoadedModel {
  /** What the routes use: `scorer`'s calls hold this version open until they end. */
  model: RequestModel;
  /** Requests bound to this version plus scoring calls still running on it. */
  inFlight: number;
  idle?: () => void;
}

interface Lease {
  entry: Entry;
  /** False once the request's answer is sent or it was aborted (the version is let go once). */
  held: boolean;
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
  private readonly leases = new WeakMap<FastifyRequest, Lease>();
  private swaps: Promise<unknown> = Promise.resolve();
  private onSwitch: ((served: ServedModel) => void) | undefined;
  /** Views for callers outside a request (start.ts hands them out): each property read goes to the current version. */
  readonly served: ServedModel;
  readonly scorer: RowScorer;

  constructor(
    first: LoadedModel,
    private readonly deps: SlotDeps,
  ) {
    this.current = this.entryOf(first);
    this.served = viewOf(first.served, () => this.current.served);
    this.scorer = new Proxy(first.scorer, {
      get: (_target, key) => {
        const entry = this.current;
        return key === 'score' || key === 'scoreOutputs' ? entry.model.scorer[key] : Reflect.get(entry.scorer, key);
      },
    });
  }

  /** The version leased to `request` (the current one for a request that has none, such as a refused one). */
  readonly modelOf: ModelOf = (request) => (this.leases.get(request)?.entry ?? this.current).model;

  private entryOf(loaded: LoadedModel): Entry {
    const scorer: Scoring = {
      score: (...args) => this.scoreOn(entry, (s) => s.score(...args)),
      scoreOutputs: (...args) => this.scoreOn(entry, (s) => s.scoreOutputs(...args)),
    };
    const entry: Entry = { ...loaded, inFlight: 0, model: { served: loaded.served, scorer } };
    return entry;
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
      this.leases.set(request, { entry, held: true });
      done();
    });
    // The lease itself stays until the request is collected: hooks after these (the prediction log's
    // onResponse) still name the request's version.
    const unbind = (request: FastifyRequest) => {
      const lease = this.leases.get(request);
      if (!lease?.held) return;
      lease.held = false;
      this.release(lease.entry);
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
    this.current = this.entryOf(loaded);
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
