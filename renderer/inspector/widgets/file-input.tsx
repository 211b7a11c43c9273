/**
 * File params: the path as text (stored relative to the pipeline file by the host). The accepted
 * extensions are shown as a hint; the validator warns when the path does not end in one of them.
 */
import { FileText } from 'lucide-react';
import type { FileParam } from '../../../engine/node-def.js';
import type { WidgetProps } from './widget-props.js';

/** Widget for `file` params. */
export function FileInput({ id, spec, value, onChange, invalid }: WidgetProps<FileParam>) {
  const ext = spec.extensions?.length ? spec.extensions.map((e) => (e.startsWith('.') ? e : `.${e}`)).join(', ') : undefined;
  return (
    <div className="field-with-icon">
      <FileText size={14} aria-hidden />
      <input
        id={id}
        className="field-input field-mono"
        type="text"
        spellCheck={false}
        placeholder={ext ? `path/to/file (${ext})` : 'path/to/file'}
        value={typeof value === 'string' ? value : ''}
        aria-invalid={invalid}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
