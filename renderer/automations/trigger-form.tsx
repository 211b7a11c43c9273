/** The add/edit form of one trigger: its kind, then that kind's fields, checked as they are typed. */
import { useState } from 'react';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { Trigger } from '../../engine/document/triggers.js';
import { cronInWords, KIND_LABELS } from './trigger-words.js';

type Draft = {
  id: string;
  kind: Trigger['kind'];
  enabled: boolean;
  cron: string;
  timezone: string;
  folder: string;
  pattern: string;
  importNode: string;
  pipeline: string;
  monitorNode: string;
  verdict: 'drift' | 'decay';
};

function toDraft(t: Trigger | undefined, fallbackId: string): Draft {
  const d: Draft = {
    id: fallbackId,
    kind: 'schedule',
    enabled: true,
    cron: '0 3 * * *',
    timezone: '',
    folder: 'incoming',
    pattern: '*.csv',
    importNode: '',
    pipeline: '',
    monitorNode: '',
    verdict: 'drift',
  };
  if (!t) return d;
  if (t.kind === 'schedule') return { ...d, id: t.id, kind: t.kind, enabled: t.enabled, cron: t.cron, timezone: t.timezone ?? '' };
  if (t.kind === 'watch-folder')
    return { ...d, id: t.id, kind: t.kind, enabled: t.enabled, folder: t.folder, pattern: t.pattern ?? '', importNode: t.importNode };
  return { ...d, id: t.id, kind: t.kind, enabled: t.enabled, pipeline: t.pipeline ?? '', monitorNode: t.monitorNode, verdict: t.verdict };
}

function fromDraft(d: Draft): Trigger {
  const common = { id: d.id.trim(), enabled: d.enabled };
  if (d.kind === 'schedule') return { ...common, kind: 'schedule', cron: d.cron.trim(), ...(d.timezone.trim() ? { timezone: d.timezone.trim() } : {}) };
  if (d.kind === 'watch-folder')
    return { ...common, kind: 'watch-folder', folder: d.folder.trim(), importNode: d.importNode, ...(d.pattern.trim() ? { pattern: d.pattern.trim() } : {}) };
  return {
    ...common,
    kind: 'monitor-verdict',
    monitorNode: d.monitorNode.trim(),
    verdict: d.verdict,
    ...(d.pipeline.trim() ? { pipeline: d.pipeline.trim() } : {}),
  };
}

function problemsOf(d: Draft, takenIds: readonly string[]): Partial<Record<keyof Draft, string>> {
  const p: Partial<Record<keyof Draft, string>> = {};
  if (!/^[A-Za-z0-9][\w.-]{0,63}$/.test(d.id.trim())) p.id = 'Use letters, digits, "_", "-" or "." (at most 64).';
  else if (takenIds.includes(d.id.trim())) p.id = `Another trigger is called "${d.id.trim()}".`;
  if (d.kind === 'schedule') {
    const c = cronInWords(d.cron.trim());
    if (c.problem) p.cron = `Not a cron expression: ${c.problem}.`;
  }
  if (d.kind === 'watch-folder') {
    if (!d.folder.trim()) p.folder = 'Name the folder to watch (relative to the pipeline file).';
    if (!d.importNode) p.importNode = 'Choose the Import node that reads the new file.';
  }
  if (d.kind === 'monitor-verdict' && !d.monitorNode.trim()) p.monitorNode = 'Name the Monitor node whose verdict counts.';
  return p;
}

export interface TriggerFormProps {
  doc: PipelineDocument;
  editing?: Trigger;
  takenIds: readonly string[];
  onDone(trigger: Trigger | undefined): void;
}

export function TriggerForm({ doc, editing, takenIds, onDone }: TriggerFormProps) {
  const imports = doc.nodes.filter((n) => n.type === 'import-dataset');
  const [d, setD] = useState<Draft>(() => {
    const draft = toDraft(editing, `trigger-${takenIds.length + 1}`);
    return draft.importNode || !imports[0] ? draft : { ...draft, importNode: imports[0].id };
  });
  const problems = problemsOf(d, takenIds);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const field = (key: keyof Draft, label: string, input: React.ReactNode, help?: string) => (
    <label className="trigger-form__field">
      <span>{label}</span>
      {input}
      {problems[key] ? (
        <span className="trigger-form__problem" role="alert">
          {problems[key]}
        </span>
      ) : (
        help && <span className="trigger-form__help">{help}</span>
      )}
    </label>
  );
  const text = (key: 'id' | 'cron' | 'timezone' | 'folder' | 'pattern' | 'pipeline' | 'monitorNode', placeholder?: string) => (
    <input
      type="text"
      value={d[key]}
      placeholder={placeholder}
      aria-invalid={!!problems[key]}
      data-testid={`trigger-${key}`}
      onChange={(e) => set({ [key]: e.target.value })}
    />
  );
  const words = d.kind === 'schedule' ? cronInWords(d.cron.trim()).words : undefined;

  return (
    <form
      className="trigger-form"
      aria-label={editing ? `Edit trigger ${editing.id}` : 'New trigger'}
      onSubmit={(e) => {
        e.preventDefault();
        if (Object.keys(problems).length === 0) onDone(fromDraft(d));
      }}
    >
      {field(
        'kind',
        'Starts a run',
        <select value={d.kind} autoFocus data-testid="trigger-kind" onChange={(e) => set({ kind: e.target.value as Draft['kind'] })}>
          {Object.entries(KIND_LABELS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>,
      )}
      {field('id', 'Name', text('id'))}
      {d.kind === 'schedule' && (
        <>
          {field('cron', 'Cron expression', text('cron', '0 3 * * *'), 'minute hour day month weekday')}
          {words && (
            <p className="trigger-form__words" data-testid="trigger-cron-words">
              {words}
            </p>
          )}
          {field('timezone', 'Timezone', text('timezone', 'local time'), 'An IANA name such as Europe/Paris or UTC; empty: the local time of the machine')}
        </>
      )}
      {d.kind === 'watch-folder' && (
        <>
          {field('folder', 'Folder', text('folder'), 'Relative to the pipeline file; it must lie in a folder the pipeline may use')}
          {field('pattern', 'File names', text('pattern', 'every file'), 'e.g. *.csv')}
          {field(
            'importNode',
            'Import node',
            <select value={d.importNode} data-testid="trigger-importNode" onChange={(e) => set({ importNode: e.target.value })}>
              {imports.length === 0 && <option value="">no Import dataset node in this pipeline</option>}
              {imports.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.label ?? n.id}
                </option>
              ))}
            </select>,
          )}
        </>
      )}
      {d.kind === 'monitor-verdict' && (
        <>
          {field('pipeline', 'Pipeline', text('pipeline', 'this pipeline'), 'The pipeline whose latest run is judged, relative to this one')}
          {field('monitorNode', 'Monitor node', text('monitorNode'))}
          {field(
            'verdict',
            'Verdict',
            <select value={d.verdict} onChange={(e) => set({ verdict: e.target.value as Draft['verdict'] })}>
              <option value="drift">drift</option>
              <option value="decay">decay</option>
            </select>,
          )}
        </>
      )}
      <label className="trigger-form__check">
        <input type="checkbox" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
      </label>
      <div className="trigger-form__actions">
        <button type="button" className="button" onClick={() => onDone(undefined)}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={Object.keys(problems).length > 0} data-testid="trigger-submit">
          {editing ? 'Update trigger' : 'Add trigger'}
        </button>
      </div>
    </form>
  );
}
