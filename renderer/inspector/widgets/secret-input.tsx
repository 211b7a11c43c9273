/**
 * Secret params hold the NAME of a secret, never the value; the validator rejects text that looks
 * like a key. Below the name the widget says whether the host can supply it for a run (keychain or
 * environment) and, where the host has a keychain, lets the user set the value in a password field
 * that is cleared once sent. The value is never shown and never enters the document.
 */
import { useCallback, useEffect, useState } from 'react';
import { Check, KeyRound, TriangleAlert } from 'lucide-react';
import type { SecretList } from '../../../engine/contract.js';
import type { SecretParam } from '../../../engine/node-def.js';
import { useStudio } from '../../store/studio-store-context.js';
import { useOptionalStudioApi } from '../use-optional-studio-api.js';
import type { WidgetProps } from './widget-props.js';
import '../file-browser.css';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

type Status = { name: string; source?: 'keychain' | 'environment'; store: SecretList['store'] };

/** Widget for `secret` params (a name, never a value). */
export function SecretInput({ id, value, onChange, invalid }: WidgetProps<SecretParam>) {
  const api = useOptionalStudioApi();
  const toast = useStudio((s) => s.toast);
  const name = typeof value === 'string' ? value.trim() : '';
  const [status, setStatus] = useState<Status>();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);

  const refresh = useCallback(
    async (signal?: { cancelled: boolean }) => {
      if (!api || !NAME.test(name)) return setStatus(undefined);
      try {
        const list = await api.listSecrets([name]);
        if (signal?.cancelled) return;
        setStatus({ name, source: list.secrets.find((s) => s.name === name)?.source, store: list.store });
      } catch {
        if (!signal?.cancelled) setStatus(undefined);
      }
    },
    [api, name],
  );

  useEffect(() => {
    const signal = { cancelled: false };
    // Typing a name fires one lookup after a pause, not one per key.
    const timer = setTimeout(() => void refresh(signal), 250);
    return () => {
      signal.cancelled = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  const save = async () => {
    if (!api || !draft) return;
    setSaving(true);
    try {
      await api.setSecret(name, draft);
      toast(`Secret ${name} saved in the keychain`, 'success');
      setEditing(false);
      await refresh();
    } catch (err) {
      toast(`Cannot save secret ${name}: ${err instanceof Error ? err.message : String(err)}`, 'error');
    } finally {
      // The value leaves the window's memory whether or not the host took it.
      setDraft('');
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!api) return;
    try {
      await api.deleteSecret(name);
      toast(`Secret ${name} removed from the keychain`, 'info');
      await refresh();
    } catch (err) {
      toast(`Cannot remove secret ${name}: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  };

  const shown = status && status.name === name ? status : undefined;
  return (
    <>
      <div className="field-with-icon">
        <KeyRound size={14} aria-hidden />
        <input
          id={id}
          className="field-input field-mono"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. OPENAI_API_KEY"
          value={typeof value === 'string' ? value : ''}
          aria-invalid={invalid}
          aria-describedby={`${id}-secret-note`}
          onChange={(e) => onChange(e.target.value)}
        />
        <span id={`${id}-secret-note`} className="visually-hidden">
          The name of a secret, not its value
        </span>
      </div>
      {shown && (
        <div className="secret-status" data-testid={`${id}-secret-status`} aria-live="polite">
          {shown.source ? (
            <span className="secret-badge is-available">
              <Check size={12} aria-hidden /> {shown.source === 'keychain' ? 'Set in the keychain' : 'Set in the environment'}
            </span>
          ) : (
            <span className="secret-badge is-missing">
              <TriangleAlert size={12} aria-hidden /> Not set: a run needing it will fail
            </span>
          )}
          {shown.store.writable && !editing && (
            <button type="button" className="button button-small button-ghost" onClick={() => setEditing(true)}>
              {shown.source === 'keychain' ? 'Replace value…' : 'Set value…'}
            </button>
          )}
          {shown.store.writable && shown.source === 'keychain' && !editing && (
            <button type="button" className="button button-small button-ghost" onClick={() => void remove()}>
              Remove
            </button>
          )}
          {!shown.store.writable && !shown.source && shown.store.reason && <span className="secret-note">{shown.store.reason}</span>}
        </div>
      )}
      {shown && editing && (
        <form
          className="secret-set-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            className="field-input field-mono"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            aria-label={`Value of secret ${name}`}
            placeholder="paste the value"
            autoFocus
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setDraft('');
                setEditing(false);
              }
            }}
          />
          <button type="submit" className="button button-small button-primary" disabled={!draft || saving}>
            Save
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setDraft('');
              setEditing(false);
            }}
          >
            Cancel
          </button>
        </form>
      )}
    </>
  );
}
