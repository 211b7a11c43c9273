/**
 * Scores checked rows exactly as the Score node does. First choice: the recipe replayed in JS over
 * the request's columns (`compileRowRecipe`, engine/models/row-steps.ts) straight into the ONNX
 * session, no DuckDB. When the recipe has a step the JS replay does not follow, or a request holds
 * a cell outside its exact range, the rows go into an in-memory DuckDB table, `prepareForScoring`
 * replays the recipe in SQL and `scoreTable` encodes and scores them: one DuckDB per server,
 * SQL requests take turns on its connection.
 */
import { ident, openDataPlane, type DataPlane } from '../engine/data/data-plane.js';
import { scorePremadeRows } from '../engine/models/head/premade-rows.js';
import { scoreTable } from '../engine/models/score-table.js';
import { prepareForScoring } from '../engine/models/scoring-input.js';
import { duckdbLiterals } from '../engine/models/row-literals.js';
import { compileRowRecipe, type RowRecipe } from '../engine/models/row-steps.js';
import type { ModelValue } from '../engine/values.js';
import type { ServedModel } from './served-model.js';
import { OnnxBatcher } from './onnx-batcher.js';
import type { Cell } from './validate-rows.js';

export interface Prediction {
  prediction: string | number;
  probabilities?: Record<string, number>;
}

/** The model's row-major output matrix for `rows` rows: `width` values per row (class probabilities or the value). */
export interface ScoredOutputs {
  outputs: Float32Array;
  width: number;
  rows: number;
}

export class RowScorer {
  private queue: Promise<unknown> = Promise.resolve();
  private n = 0;
  /** Requests scored by each path (the tests check which one ran). */
  readonly requests = { js: 0, sql: 0 };
  /** The JS path's ONNX runs, requests of the same event-loop turn batched together. */
  readonly batcher: OnnxBatcher;

  private constructor(
    private readonly served: ServedModel,
    private readonly data: DataPlane,
    private readonly rowRecipe: RowRecipe | undefined,
    /** Why every request goes through SQL (the recipe's first step the JS replay does not follow); undefined when JS is used. */
    readonly sqlOnly: string | undefined,
  ) {
    this.batcher = new OnnxBatcher(served.session, served.recipe.encoding.encodedNames.length);
  }

  static async open(served: ServedModel): Promise<RowScorer> {
    const data = await openDataPlane(':memory:');
    // A premade model (alone or under a custom head) feeds its own named inputs through its column
    // mapping (scorePremadeRows); the JS replay builds one encoded matrix for a model of ours.
    if (served.recipe.premade) return new RowScorer(served, data, undefined, 'a premade model is scored through its column mapping');
    const compiled = await compileRowRecipe(served.recipe, served.inputs, duckdbLiterals(data));
    return 'recipe' in compiled ? new RowScorer(served, data, compiled.recipe, undefined) : new RowScorer(served, data, undefined, compiled.fallback);
  }

  /** Column-wise cells (one array per `served.inputs` column) to one prediction per row. */
  async score(columns: Cell[][], rows: number): Promise<Prediction[]> {
    const { outputs, width } = await this.scoreOutputs(columns, rows);
    return toPredictions(this.served, outputs, width, rows);
  }

  /**
   * `score` without the prediction objects (POST /predict writes its answer from the matrix). On the
   * JS path the cells are encoded before this returns, so the caller need not keep them while the
   * ONNX run is awaited; requests of two event-loop turns share that run.
   */
  scoreOutputs(columns: Cell[][], rows: number): Promise<ScoredOutputs> {
    const x = this.rowRecipe?.encode(columns, rows);
    if (x) {
      this.requests.js++;
      return this.batcher.run(x, rows).then(({ outputs, width }) => ({ outputs, width, rows }));
    }
    this.requests.sql++;
    const run = this.queue.then(() => this.scoreNow(columns, rows));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async scoreNow(columns: Cell[][], rows: number): Promise<ScoredOutputs> {
    const { served, data } = this;
    const table = `request_${++this.n}`;
    const defs = served.inputs.map((c) => `${ident(c.name)} ${c.type === 'number' ? 'DOUBLE' : 'VARCHAR'}`);
    await data.run(`CREATE OR REPLACE TABLE ${ident(table)} (${defs.join(', ')})`);
    const prepared = `${table}__prepared`;
    try {
      const appender = await data.connection.createAppender(table);
      for (let r = 0; r < rows; r++) {
        served.inputs.forEach((c, j) => {
          const v = columns[j][r];
          if (v === null) appender.appendNull();
          else if (c.type === 'number') appender.appendDouble(v as number);
          else appender.appendVarchar(v as string);
        });
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
      if (served.recipe.premade) {
        const result = await scorePremadeRows(data, served.session, served.recipe, served.recipe.premade, table);
        return { outputs: result.outputs, width: result.width, rows: result.rows };
      }
      const model: ModelValue = { kind: 'model', dir: served.dir, format: 'onnx', target: served.target, labels: served.labels, summary: {} };
      const input = await prepareForScoring(data, model, served.recipe, await data.describe(table), prepared);
      const result = await scoreTable(
        data,
        model,
        served.recipe,
        { ...(await data.describe(input.table)) },
        {
          runtime: 'onnx',
          batchSize: 8192,
          signal: new AbortController().signal,
          onProgress: () => undefined,
          session: served.session,
        },
      );
      return { outputs: result.outputs, width: result.width, rows: result.rows };
    } finally {
      await data.dropTable(prepared);
      await data.dropTable(table);
    }
  }

  close(): void {
    this.data.close();
  }
}

/** Argmax label with every class probability (the Score node's predicted_/probability_ columns), or the value. */
export function toPredictions(served: Pick<ServedModel, 'task' | 'labels'>, outputs: Float32Array, width: number, rows: number): Prediction[] {
  const out: Prediction[] = [];
  for (let i = 0; i < rows; i++) {
    const row = outputs.subarray(i * width, (i + 1) * width);
    if (served.task !== 'classification') {
      out.push({ prediction: row[0] });
      continue;
    }
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
    const probabilities: Record<string, number> = {};
    served.labels.forEach((label, k) => (probabilities[label] = row[k]));
    out.push({ prediction: served.labels[best], probabilities });
  }
  return out;
}
