/**
 * Number and integer params. The text the user types is kept as typed; a value that does not parse
 * is stored as text so the validator can say what is wrong instead of the field silently reverting.
 */
import { useEffect, useState } from 'react';
import type { IntegerParam, NumberParam } from '../../../engine/node-def.js';
import type { WidgetProps } from './widget-props.js';

/** Widget for `number` and `integer` params, with the spec limits on the input. */
export function NumberInput({ id, spec, value, onChange, invalid }: WidgetProps<NumberParam | IntegerParam>) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    // Follow outside changes (undo, another window) unless they equal what is typed.
    if (Number(text) !== value || text.trim() === '') setText(value === undefined ? '' : String(value));
  }, [value]);
  const step = spec.kind === 'integer' ? 1 : (spec.step ?? 'any');
  return (
    <input
      id={id}
      className="field-input field-number"
      type="number"
      inputMode={spec.kind === 'integer' ? 'numeric' : 'decimal'}
      min={spec.min}
      max={spec.max}
      step={step}
      value={text}
      aria-invalid={invalid}
      onChange={(e) => {
        setText(e.target.value);
        const n = e.target.valueAsNumber;
        onChange(e.target.value.trim() !== '' && Number.isFinite(n) ? n : e.target.value);
      }}
    />
  );
}
