/**
 * Dynamic batching of ONNX runs, as Triton and KServe do: the rows of requests that arrive within
 * two turns of the event loop go through the session in one `run`. A run has a fixed cost that a
 * batch pays once (ONNX Runtime's own work was 12% of a 1-row request's CPU time). A lone request
 * waits only for the end of the next turn (two `setImmediate`s). Rows are scored independently by the model,
 * so each request gets the outputs it would get alone (`onnx-batcher.test.ts` checks it).
 */
import { runOnnxRows, type OnnxSession } from '../engine/models/onnx/onnx-score.js';

interface Waiting {
  x: Float32Array;
  rows: number;
  resolve: (out: { outputs: Float32Array; width: number }) => void;
  reject: (err: unknown) => void;
}

export class OnnxBatcher {
  private waiting: Waiting[] = [];
  /** Runs made, and requests they served (the tests read them). */
  readonly stats = { runs: 0, requests: 0 };

  constructor(
    private readonly session: OnnxSession,
    private readonly width: number,
    /** A batch stops growing past this many rows; bigger requests still go in one run of their own. */
    private readonly maxRows = 8192,
  ) {}

  /** The row-major outputs of `rows` encoded rows. */
  run(x: Float32Array, rows: number): Promise<{ outputs: Float32Array; width: number }> {
    // A short input would silently read another request's rows (or zeros) inside a batch.
    if (x.length !== rows * this.width)
      return Promise.reject(new Error(`the encoded input has ${x.length} values for ${rows} row(s) of ${this.width}; encode with the model's own recipe.`));
    return new Promise((resolve, reject) => {
      // The batch closes at the end of the next turn, not this one: requests that arrive while the
      // last batch's answers go out join it (10 clients sending 1 row each: 17% less CPU per request,
      // bench/measured/model-server.md); a lone request waits one empty turn of the loop more.
      if (this.waiting.length === 0) setImmediate(() => setImmediate(() => this.flush()));
      this.waiting.push({ x, rows, resolve, reject });
    });
  }

  private flush(): void {
    const all = this.waiting;
    this.waiting = [];
    let start = 0;
    while (start < all.length) {
      let end = start + 1;
      let rows = all[start].rows;
      while (end < all.length && rows + all[end].rows <= this.maxRows) rows += all[end++].rows;
      void this.runBatch(all.slice(start, end), rows);
      start = end;
    }
  }

  private async runBatch(batch: Waiting[], rows: number): Promise<void> {
    this.stats.runs++;
    this.stats.requests += batch.length;
    try {
      let x = batch[0].x;
      if (batch.length > 1) {
        x = new Float32Array(rows * this.width);
        let at = 0;
        for (const w of batch) {
          x.set(w.x, at);
          at += w.x.length;
        }
      }
      const { outputs, width } = await runOnnxRows(this.session, x, rows, this.width, { chunk: this.maxRows });
      let row = 0;
      for (const w of batch) {
        w.resolve({ outputs: batch.length > 1 ? outputs.slice(row * width, (row + w.rows) * width) : outputs, width });
        row += w.rows;
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
