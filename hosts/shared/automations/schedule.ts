/**
 * A cron schedule: croner computes the next time from the clock, one timer waits for it, and the
 * next time is computed again after each firing. croner's own scheduler is not used, so the same
 * code runs on the real timers and on a test's clock.
 */
import { Cron } from 'croner';
import type { ScheduleTrigger } from '../../../engine/document/triggers.js';
import type { Clock } from './clock.js';

export interface RunningSchedule {
  /** When it fires next; undefined when the expression has no future time. */
  next(): Date | undefined;
  stop(): void;
}

/** The next `count` firing times after `from`, for the window and the log. */
export function nextFirings(trigger: Pick<ScheduleTrigger, 'cron' | 'timezone'>, from: Date, count = 1): Date[] {
  return new Cron(trigger.cron, { paused: true, timezone: trigger.timezone }).nextRuns(count, from);
}

/**
 * @example
 * const schedule = startSchedule(trigger, realClock, (at) => console.log('fired for', at));
 */
export function startSchedule(trigger: ScheduleTrigger, clock: Clock, fire: (at: Date) => void): RunningSchedule {
  const cron = new Cron(trigger.cron, { paused: true, timezone: trigger.timezone });
  let upcoming: Date | undefined;
  let cancel: (() => void) | undefined;
  let stopped = false;
  const arm = (after: number) => {
    upcoming = cron.nextRun(new Date(after)) ?? undefined;
    if (!upcoming || stopped) return;
    const at = upcoming;
    cancel = clock.setTimer(() => {
      fire(at);
      // From the time it was due, not from now: a late timer must not fire the same time twice.
      arm(Math.max(at.getTime(), clock.now()));
    }, at.getTime() - clock.now());
  };
  arm(clock.now());
  return {
    next: () => upcoming,
    stop: () => {
      stopped = true;
      cancel?.();
    },
  };
}
