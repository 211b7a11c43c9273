/** Select params: one of the def's options. */
import type { SelectParam } from '../../../engine/node-def.js';
import type { WidgetProps } from './widget-props.js';

/** Widget for `select` params; an unknown saved value stays visible. */
export function SelectInput({ id, spec, value, onChange, invalid }: WidgetProps<SelectParam>) {
  const known = spec.options.some((o) => o.value === value);
  return (
    <select id={id} className="field-input field-select" value={String(value ?? '')} aria-invalid={invalid} onChange={(e) => onChange(e.target.value)}>
      {!known && <option value={String(value ?? '')}>{String(value ?? '')} (unknown)</option>}
      {spec.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
