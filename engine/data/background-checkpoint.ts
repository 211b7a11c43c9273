/**
 * Moves the write-ahead log into the database file after each node ends, in the background,
 * instead of all at once when the engine closes. DuckDB commits every statement to the WAL (synced
 * to disk: the data is safe from then on) and writes the tables into the file only at a checkpoint,
 * which it does by itself past 16 MB of WAL or on close. A whole run of a few tables stays under that,
 * so closing took the checkpoint of everything the run wrote: 0.2-0.5 s on the adult pipeline that a
 * user of `lifecycle-studio run` waited for after the run had ended. Taken after each node, it runs
 * on DuckDB's threads while the next node works (training is JavaScript on the main thread) and
 * close has only the last node's tables left (bench/README.md, "adult-pipeline").
 *
 * Requests made while one runs are folded into one more pass. A checkpoint DuckDB refuses (another
 * transaction is writing) is left to the next request or to close, which still checkpoints whatever
 * remains: durability is the same either way.
 */
export class BackgroundCheckpoint {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  /** `checkpoint` runs one `CHECKPOINT` (on its own connection, holding the database as it is). */
  constructor(private readonly checkpoint: () => Promise<unknown>) {}

  /** Asks for a checkpoint soon; returns at once. */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop();
  }

  /** Takes no more requests and waits for the one running, if any (before the database closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.checkpoint().catch(() => undefined);
    } while (this.again && !this.stopped);
    this.running = undefined;
  }
}
