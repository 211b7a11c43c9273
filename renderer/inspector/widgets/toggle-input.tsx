/** Boolean params: a switch. */
import type { BooleanParam } from '../../../engine/node-def.js';
import type { WidgetProps } from './widget-props.js';

/** Widget for `boolean` params. */
export function ToggleInput({ id, value, onChange, invalid }: WidgetProps<BooleanParam>) {
  const on = value === true;
  return (
    <button
      id={id}
      type="button"
      role="switch"
      aria-checked={on}
      aria-invalid={invalid}
      className={`field-toggle${on ? ' is-on' : ''}`}
      onClick={() => onChange(!on)}
    >
      <span className="field-toggle-knob" aria-hidden />
      <span className="field-toggle-text">{on ? 'On' : 'Off'}</span>
    </button>
  );
}
