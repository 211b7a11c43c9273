/**
 * A record queued from JSON text already written (POST /predict's rows and predictions, `noteJson`)
 * is the same line, byte for byte, as the record of the values (`noteIO`), whose line is V8's
 * JSON.stringify of the whole record.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noteIO, noteJson, notedIO, PredictionLog, type RecordHead } from './prediction-log.js';

/** A log whose appends land in `written` instead of a file. */
function capturing() {
  const written: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'predlog-lines-'));
  const log = new PredictionLog({ dir, batchSize: 1000, intervalMs: 2 ** 31 - 1, append: async (_p, data) => void written.push(data.toString('utf8')) });
  return { log, written };
}

const head = (kind?: 'prompt'): RecordHead => ({
  ...(kind ? { kind } : {}),
  time: '2026-12-02T11:00:00.000Z',
  request_id: 'b9f3c2de-0000-4000-8000-000000000001',
  model: 'adult "v"',
  version: '3',
  route: '/predict',
  status: 200,
  latency_ms: 0.125,
});

describe('PredictionLog.pushNoted', () => {
  const rows = [
    { age: 39, workclass: 'State-gov', note: 'é "q"\n', missing: null },
    { age: 50.5, workclass: null, note: '', missing: null },
  ];
  const outputs = [
    { prediction: '<=50K', probabilities: { '<=50K': 0.8123456239700317, '>50K': 0.18765437602996826 } },
    { prediction: '>50K', probabilities: { '<=50K': 0.1, '>50K': 0.9 } },
  ];

  it('writes the same line from JSON text as from the values, for a model and a prompt record', async () => {
    for (const kind of [undefined, 'prompt'] as const) {
      const { log, written } = capturing();
      const byValues = {};
      const byJson = {};
      noteIO(byValues, rows, outputs);
      noteJson(byJson, rows.length, JSON.stringify(rows), JSON.stringify(outputs));
      log.pushNoted(head(kind), notedIO(byValues));
      log.pushNoted(head(kind), notedIO(byJson));
      await log.close();
      const [a, b] = written.join('').split('\n');
      expect(b).toBe(a);
      expect(a).toBe(JSON.stringify({ ...head(kind), rows: 2, inputs: rows, outputs }));
    }
  });

  it('writes a request noted with nothing as zero rows with empty lists', async () => {
    const { log, written } = capturing();
    log.pushNoted(head(), notedIO({}));
    await log.close();
    expect(written.join('')).toBe(`${JSON.stringify({ ...head(), rows: 0, inputs: [], outputs: [] })}\n`);
  });
});
