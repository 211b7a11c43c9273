/**
 * Lets runs with the same folders share the database, and switches the database to another run's
 * folders only when nothing is using it: a run with other folders waits for the running ones to
 * end, and page or profile requests wait out a reopen.
 */
import type { ConfinedDataPlane } from './confined-plane.js';

/** A stable key for a set of folders; '' means unconfined. */
function keyOf(dirs: readonly string[] | undefined): string {
  return dirs ? JSON.stringify([...new Set(dirs)].sort()) : '';
}

export class ConfinementGate {
  private key = '';
  private active = 0;
  private switching = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly data: ConfinedDataPlane) {}

  /**
   * Waits until the database is confined to `dirs` (reopening it when it is not and nothing runs),
   * then holds it there until the returned release is called.
   */
  async enter(dirs: readonly string[] | undefined): Promise<() => void> {
    const key = keyOf(dirs);
    for (;;) {
      if (!this.switching && this.key === key) return this.hold();
      if (!this.switching && this.active === 0) {
        this.switching = true;
        try {
          await this.data.reopen(dirs);
          this.key = key;
        } finally {
          this.switching = false;
          this.wake();
        }
        continue;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Holds the database as it is (for page, profile and plan requests), waiting out a reopen. */
  async use(): Promise<() => void> {
    while (this.switching) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.hold();
  }

  private hold(): () => void {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      if (this.active === 0) this.wake();
    };
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
