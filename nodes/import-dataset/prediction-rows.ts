/**
 * The model server's prediction log (server/prediction-log.ts: one JSON Lines record per request,
 * `inputs` and `outputs` arrays of rows) as one row per scored row: when and by what it was scored
 * (time, request_id, model, version, row_in_request), the raw input columns, then `prediction` and one
 * `probability_<class>` per class, as Score names them. Refused requests (status not 200) score nothing and give no row.
 */
import { ident, literal, type DataPlane } from '../../engine/data/data-plane.js';
import { NodeError } from '../../engine/node-run.js';

const LOG_COLUMNS = ['time', 'request_id', 'model', 'version', 'status', 'inputs', 'outputs'];

/** DuckDB's structure of the JSON rows, with never-set fields (type NULL) read as text. */
function structureOf(json: string): Record<string, unknown> {
  const fix = (v: unknown): unknown =>
    v === 'NULL' ? 'VARCHAR' : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)])) : v;
  return fix(JSON.parse(json)) as Record<string, unknown>;
}

/**
 * Replaces `table` (the log read one row per line) with its scored rows. The file is read again with
 * the rows as JSON: the columns' types come from the scored rows only, so a refused request that sent
 * text for a number does not turn that column into text.
 *
 * @example
 * await flattenPredictionLog(ctx.data, table, '/ws/logs/churn/predictions.jsonl', false);
 */
export async function flattenPredictionLog(data: DataPlane, table: string, file: string, gzip: boolean): Promise<void> {
  const columns = new Set((await data.columns(table)).map((c) => c.name));
  const missing = LOG_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length) {
    throw new NodeError(
      'NOT_A_PREDICTION_LOG',
      `${file} is not a prediction log of the model server: it has no ${missing.map((m) => `"${m}"`).join(', ')} field.`,
      'Pick a predictions*.jsonl file the model server wrote, or read the file "One row per line".',
    );
  }
  const pairs = `${table}__pairs`;
  const read = `read_json(${literal(file)}, format = 'newline_delimited', compression = ${gzip ? "'gzip'" : "'uncompressed'"},
    columns = {time: 'TIMESTAMP', request_id: 'VARCHAR', model: 'VARCHAR', version: 'VARCHAR', status: 'INTEGER', inputs: 'JSON', outputs: 'JSON'})`;
  try {
    await data.run(
      `CREATE OR REPLACE TABLE ${ident(pairs)} AS SELECT time, request_id, model, version,
         unnest(generate_series(1, json_array_length(inputs)::BIGINT)) AS row_in_request,
         unnest(from_json(inputs, '["JSON"]')) AS i, unnest(from_json(outputs, '["JSON"]')) AS o
       FROM ${read} WHERE status = 200 AND json_array_length(inputs) = json_array_length(outputs)`,
    );
    const [shape] = await data.all<{ n: number; si: string | null; so: string | null }>(
      `SELECT count(*)::INTEGER AS n, json_group_structure(i)::VARCHAR AS si, json_group_structure(o)::VARCHAR AS so FROM ${ident(pairs)}`,
    );
    if (!shape.n || !shape.si || !shape.so) {
      throw new NodeError(
        'NOT_A_PREDICTION_LOG',
        `${file} holds no scored rows: no request in it was answered with predictions.`,
        'Send the server a request first.',
      );
    }
    const output = structureOf(shape.so);
    const labels = Object.keys((output.probabilities as Record<string, unknown> | undefined) ?? {});
    const outputType = JSON.stringify(output);
    const probabilities = labels.map((l) => `, json_transform(o, ${literal(outputType)}).probabilities.${ident(l)} AS ${ident(`probability_${l}`)}`);
    await data.run(
      `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT time, request_id, model, version, row_in_request::INTEGER AS row_in_request,
         unnest(json_transform(i, ${literal(JSON.stringify(structureOf(shape.si)))})),
         json_transform(o, ${literal(outputType)}).prediction AS prediction${probabilities.join('')}
       FROM ${ident(pairs)} ORDER BY time, request_id, row_in_request`,
    );
  } finally {
    await data.dropTable(pairs);
  }
}
