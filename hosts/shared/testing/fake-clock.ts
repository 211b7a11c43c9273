/**
 * A clock the test moves by hand: timers fire (in time order, synchronously) only when `advanceTo`
 * passes their time, so a cron schedule or a settle timer is tested without waiting for it.
 */
import type { Clock } from '../automations/clock.js';

export class FakeClock implements Clock {
  private timers: { at: number; fn: () => void; seq: number }[] = [];
  private seq = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.current + Math.max(0, ms), fn, seq: this.seq++ };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time to `at`, firing every timer due by then (including ones those timers set). */
  advanceTo(at: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.at <= at).sort((x, y) => x.at - y.at || x.seq - y.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = Math.max(this.current, at);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.current + ms);
  }
}
