import { describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS } from './limits.js';
import { formatIssue, parsePipeline } from './parse.js';
import { serializePipeline } from './serialize.js';

const doc = (triggers?: unknown[]) => ({
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'p',
  name: 'P',
  nodes: [{ id: 'import', type: 'import', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
  edges: [],
  ...(triggers ? { triggers } : {}),
});

const nightly = { id: 'nightly', enabled: true, kind: 'schedule', cron: '0 3 * * *', timezone: 'Europe/Paris' };
const inbox = { id: 'inbox', enabled: false, kind: 'watch-folder', folder: 'incoming', pattern: '*.csv', importNode: 'import' };
const drift = { id: 'on-drift', enabled: true, kind: 'monitor-verdict', pipeline: 'monitor.pipeline.json', monitorNode: 'monitor', verdict: 'drift' };

const messages = (input: unknown) => parsePipeline(input).issues.map(formatIssue);

describe('pipeline triggers', () => {
  it('keeps documents without triggers valid, and accepts each kind of trigger', () => {
    expect(parsePipeline(doc()).issues).toEqual([]);
    const parsed = parsePipeline(doc([nightly, inbox, drift, { id: 'same', enabled: true, kind: 'monitor-verdict', monitorNode: 'm', verdict: 'decay' }]));
    expect(parsed.issues).toEqual([]);
    expect(parsed.document?.triggers?.map((t) => t.kind)).toEqual(['schedule', 'watch-folder', 'monitor-verdict', 'monitor-verdict']);
  });

  it('refuses a bad cron expression or timezone, naming the trigger and the field', () => {
    expect(messages(doc([{ ...nightly, cron: '61 * * * *' }]))).toEqual([
      'triggers[0].cron: trigger "nightly": "61 * * * *" is not a cron expression: Invalid value for minute: 61 (e.g. "0 3 * * *" for 03:00 every day)',
    ]);
    expect(messages(doc([{ ...nightly, timezone: 'Mars/Olympus' }]))).toEqual([
      'triggers[0].timezone: trigger "nightly": expected an IANA timezone such as "Europe/Paris" or "UTC"',
    ]);
  });

  it('names missing and unknown fields, a wrong kind, a wrong verdict and duplicate ids', () => {
    const { importNode: _gone, ...noImport } = inbox;
    expect(messages(doc([noImport]))).toEqual(['triggers[0].importNode: trigger "inbox": expected a text, but it is missing']);
    expect(messages(doc([{ ...inbox, glob: '*.csv' }]))).toEqual(['triggers[0]: trigger "inbox": unknown field "glob"; remove it or check the spelling']);
    expect(messages(doc([{ ...drift, verdict: 'anomaly' }]))).toEqual(['triggers[0].verdict: trigger "on-drift": expected "drift" or "decay", got "anomaly"']);
    expect(messages(doc([{ id: 'x', enabled: true, kind: 'hourly' }]))).toEqual([
      'triggers[0].kind: trigger "x": expected a kind of "schedule", "watch-folder", "monitor-verdict"',
    ]);
    expect(messages(doc([nightly, { ...drift, id: 'nightly' }]))).toEqual([
      'triggers[1].id: trigger "nightly": trigger id "nightly" is used twice; give each trigger its own id',
    ]);
    expect(messages(doc([{ ...nightly, enabled: 'yes' }]))).toEqual(['triggers[0].enabled: trigger "nightly": expected true or false, got "yes"']);
  });

  it('caps the number of triggers before the schema looks at them', () => {
    const many = Array.from({ length: DOCUMENT_LIMITS.maxTriggers + 1 }, (_, i) => ({ ...nightly, id: `t${i}` }));
    expect(parsePipeline(doc(many)).issues.map((i) => [i.code, i.path])).toEqual([['DOCUMENT_TOO_LARGE', 'triggers']]);
    expect(parsePipeline(doc(many.slice(1))).issues).toEqual([]);
  });

  it('serialises triggers with a fixed key order and reads them back unchanged', () => {
    const parsed = parsePipeline(doc([{ cron: '*/5 * * * *', kind: 'schedule', enabled: true, id: 'often' }])).document!;
    const text = serializePipeline(parsed);
    expect(text).toContain('"triggers": [\n    {\n      "id": "often",\n      "kind": "schedule",\n      "enabled": true,\n      "cron": "*/5 * * * *"\n    }');
    expect(parsePipeline(text).document).toEqual(parsed);
  });
});
