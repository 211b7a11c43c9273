/**
 * Secret params hold the NAME of an environment variable or keychain entry, never the value; the
 * field says so, and the validator rejects text that looks like a key.
 */
import { KeyRound } from 'lucide-react';
import type { SecretParam } from '../../../engine/node-def.js';
import type { WidgetProps } from './widget-props.js';

/** Widget for `secret` params (a name, never a value). */
export function SecretInput({ id, value, onChange, invalid }: WidgetProps<SecretParam>) {
  return (
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
  );
}
