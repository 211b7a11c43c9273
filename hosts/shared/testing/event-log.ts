/** Collects events and lets a test wait for one that matches, already seen or still to come. */
export class EventLog<E> {
  readonly all: E[] = [];
  private waiters: { match: (e: E) => boolean; done: (e: E) => void }[] = [];

  push = (event: E): void => {
    this.all.push(event);
    for (const w of [...this.waiters]) {
      if (!w.match(event)) continue;
      this.waiters = this.waiters.filter((x) => x !== w);
      w.done(event);
    }
  };

  /** The `nth` (1-based) event matching, counting events already seen. */
  waitFor<T extends E>(match: (e: E) => e is T, nth?: number): Promise<T>;
  waitFor(match: (e: E) => boolean, nth?: number): Promise<E>;
  waitFor(match: (e: E) => boolean, nth = 1): Promise<E> {
    const seen = this.all.filter(match);
    if (seen.length >= nth) return Promise.resolve(seen[nth - 1]);
    let count = seen.length;
    return new Promise((done) => {
      this.waiters.push({ match: (e) => match(e) && ++count === nth, done });
    });
  }
}
