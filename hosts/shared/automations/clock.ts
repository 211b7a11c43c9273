/**
 * Time for the automations, injectable: production uses the real clock and timers; tests hand a
 * clock they advance by hand, so a cron schedule is tested without waiting for the minute.
 */

export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; returns the cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** Node caps a timer at 2^31-1 ms (about 24.8 days); a longer wait is re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const due = Date.now() + Math.max(0, ms);
    let handle: NodeJS.Timeout;
    const arm = () => {
      const left = due - Date.now();
      handle = setTimeout(left > MAX_TIMER_MS ? arm : fn, Math.min(Math.max(0, left), MAX_TIMER_MS));
      // An automation alone must not keep a process alive that is otherwise done.
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  },
};
