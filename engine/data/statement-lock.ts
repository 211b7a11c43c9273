/**
 * Keeps a database-wide DuckDB setting (`threads`: DuckDB refuses `SET SESSION threads`) changed by
 * one node from reaching another node's statements. The node changing it holds the database alone
 * among node connections: it waits for their running statements to end, and their next ones wait
 * for it. Settings DuckDB keeps per connection need none of this: each node has its own connection.
 */

type Waiter = () => void;

export class StatementLock {
  private running = 0;
  private owner: object | undefined;
  private wanting = 0;
  private waiters: Waiter[] = [];

  /** Holds a shared place for one statement of `holder` (a connection); the holder of `alone` passes at once. */
  async statement(holder: object, signal?: AbortSignal): Promise<() => void> {
    if (this.owner === holder) return () => undefined;
    // Waiting `alone` callers go first, so a busy node cannot starve them.
    while (this.owner !== undefined || this.wanting > 0) await this.wait(signal);
    this.running++;
    return this.once(() => this.running--);
  }

  /** Waits until no other node connection runs a statement, then keeps theirs waiting until released. */
  async alone(holder: object, signal?: AbortSignal): Promise<() => void> {
    if (this.owner === holder) return () => undefined;
    this.wanting++;
    try {
      while (this.owner !== undefined || this.running > 0) await this.wait(signal);
    } catch (err) {
      // Cancelled while waiting: statements held back for this caller may go.
      this.wanting--;
      this.wake();
      throw err;
    }
    this.wanting--;
    this.owner = holder;
    return this.once(() => (this.owner = undefined));
  }

  private once(undo: () => void): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      undo();
      this.wake();
    };
  }

  private wait(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
