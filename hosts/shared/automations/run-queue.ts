/**
 * One pipeline's triggered runs, one at a time: two firings close together (a file and the
 * schedule) queue instead of running the same pipeline twice at once, which would fight over its
 * outputs. A failing job never stops the queue.
 */
export class RunQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly maxWaiting = 100) {}

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** False when the queue is full and the job was dropped (the caller logs it). */
  enqueue(job: () => Promise<void>): boolean {
    if (this.waiting >= this.maxWaiting) return false;
    this.waiting++;
    this.tail = this.tail
      .then(job)
      .catch(() => undefined)
      .finally(() => {
        this.waiting--;
      });
    return true;
  }

  /** Resolves when every job queued so far has ended. */
  idle(): Promise<void> {
    return this.tail;
  }
}
