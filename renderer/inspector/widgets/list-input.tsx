/** List params: free strings as chips. */
import type { ListParam } from '../../../engine/node-def.js';
import { ChipsInput } from './chips-input.js';
import type { WidgetProps } from './widget-props.js';

/** Widget for `list` params. */
export function ListInput({ id, spec, value, onChange, invalid }: WidgetProps<ListParam>) {
  const values = Array.isArray(value) ? value.map(String) : [];
  return <ChipsInput id={id} values={values} onChange={onChange} placeholder={spec.placeholder} invalid={invalid} />;
}
