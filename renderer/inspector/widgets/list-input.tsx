/** List params: free strings as chips. */
import type { ListParam } from '../../../engine/node-def.js';
import { ChipsInput } from './chips-input.js';
import type { WidgetProps } from './widget-props.js';

/** Widget for `list` params. */
export function ListInput({ id, spec, value, onChange, invalid }: WidgetProps<ListParam>) {
  const values = Array.isArray(value) ? value.map(String) : [];
  // Whole-number items are saved as numbers ([64, 64], not ["64", "64"]); anything else stays text for the validator to name.
  const save = spec.integerItems ? (items: string[]) => onChange(items.map((v) => (/^\d+$/.test(v) ? Number(v) : v))) : onChange;
  return <ChipsInput id={id} values={values} onChange={save} placeholder={spec.placeholder} invalid={invalid} allowRepeats={!!spec.integerItems} />;
}
