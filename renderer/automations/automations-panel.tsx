/**
 * The Automations panel: the pipeline's triggers in words, with their last and next firing, add /
 * edit / remove / enable, and the recent triggered runs. Edits change the document (undoable, saved
 * with the file); the app runs the saved triggers while it is open, and `lifecycle-studio watch` headless.
 */
import { useEffect, useState } from 'react';
import type { Trigger } from '../../engine/document/triggers.js';
import type { RunListItem } from '../../engine/engine-types.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudio } from '../store/studio-store-context.js';
import { Modal } from '../ui/modal.js';
import { TriggerForm } from './trigger-form.js';
import { describeTrigger, KIND_LABELS, nextFiring } from './trigger-words.js';
import './automations.css';

const RECENT_RUNS = 8;
const when = (ms: number | undefined) => (ms === undefined ? '—' : new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }));

function useTriggeredRuns(filePath: string | undefined): [RunListItem[], () => void] {
  const api = useStudioApi();
  const [runs, setRuns] = useState<RunListItem[]>([]);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    api.listRuns().then(
      (all) => live && setRuns(all.filter((r) => r.trigger && (!filePath || r.documentPath === filePath)).sort((a, b) => b.startedAt - a.startedAt)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, filePath, asked]);
  return [runs, () => setAsked((n) => n + 1)];
}

export function AutomationsPanel({ onClose }: { onClose(): void }) {
  const doc = useStudio((s) => s.doc);
  const commit = useStudio((s) => s.commit);
  const filePath = useStudio((s) => s.filePath);
  const triggers = doc.triggers ?? [];
  const [runs, refreshRuns] = useTriggeredRuns(filePath);
  const [editing, setEditing] = useState<{ trigger?: Trigger } | undefined>();
  // Back from the form, focus lands on "Add trigger" rather than on the page.
  const [returned, setReturned] = useState(false);

  const save = (next: Trigger[]) => commit({ ...doc, triggers: next.length ? next : undefined }, null);
  const done = (trigger: Trigger | undefined) => {
    if (trigger) save(editing?.trigger ? triggers.map((t) => (t.id === editing.trigger!.id ? trigger : t)) : [...triggers, trigger]);
    setEditing(undefined);
    setReturned(true);
  };

  return (
    <Modal title="Automations" onClose={onClose} wide>
      <div className="automations">
        <p className="automations__intro">
          Triggers start ordinary runs of this pipeline: while the app is open, or headless with <code>lifecycle-studio watch</code>. Changes take effect when
          you save the pipeline{filePath ? '' : ' (it is not saved yet)'}.
        </p>
        {editing ? (
          <TriggerForm doc={doc} editing={editing.trigger} takenIds={triggers.filter((t) => t.id !== editing.trigger?.id).map((t) => t.id)} onDone={done} />
        ) : (
          <>
            {triggers.length === 0 ? (
              <p className="automations__empty">No triggers yet.</p>
            ) : (
              <table className="automations__table" data-testid="trigger-list">
                <thead>
                  <tr>
                    <th>on</th>
                    <th>trigger</th>
                    <th>starts a run</th>
                    <th>last</th>
                    <th>next</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {triggers.map((t) => (
                    <tr key={t.id} data-trigger-id={t.id}>
                      <td>
                        <input
                          type="checkbox"
                          checked={t.enabled}
                          aria-label={`Enable trigger ${t.id}`}
                          onChange={(e) => save(triggers.map((x) => (x.id === t.id ? { ...x, enabled: e.target.checked } : x)))}
                        />
                      </td>
                      <td>
                        <strong>{t.id}</strong>
                        <div className="automations__kind">{KIND_LABELS[t.kind]}</div>
                      </td>
                      <td data-testid={`trigger-words-${t.id}`}>{describeTrigger(t)}</td>
                      <td>{when(runs.find((r) => r.trigger?.id === t.id)?.startedAt)}</td>
                      <td>{t.kind === 'schedule' ? when(nextFiring(t)?.getTime()) : t.enabled ? 'on the next event' : '—'}</td>
                      <td className="automations__row-actions">
                        <button type="button" className="button button-small" onClick={() => setEditing({ trigger: t })} aria-label={`Edit trigger ${t.id}`}>
                          Edit
                        </button>
                        <button
                          type="button"
                          className="button button-small button-danger"
                          onClick={() => save(triggers.filter((x) => x.id !== t.id))}
                          aria-label={`Remove trigger ${t.id}`}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <button type="button" className="button button-primary" data-testid="add-trigger" autoFocus={returned} onClick={() => setEditing({})}>
              Add trigger
            </button>
            <h3 className="automations__heading">
              Recent triggered runs{' '}
              <button type="button" className="button button-small" onClick={refreshRuns}>
                Refresh
              </button>
            </h3>
            {runs.length === 0 ? (
              <p className="automations__empty">None yet.</p>
            ) : (
              <ul className="automations__runs" data-testid="triggered-runs">
                {runs.slice(0, RECENT_RUNS).map((r) => (
                  <li key={r.runId}>
                    <span className={`history-status history-status--${r.status}`}>{r.status}</span> {when(r.startedAt)} · {r.trigger!.id}: {r.trigger!.detail}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </Modal>
  );
}
