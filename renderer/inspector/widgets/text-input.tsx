/** Text params: a line, a multi-line area, or a monospace code area (SQL, templates). */
import type { TextParam } from '../../../engine/node-def.js';
import type { WidgetProps } from './widget-props.js';

/** Widget for `text` params. */
export function TextInput({ id, spec, value, onChange, invalid }: WidgetProps<TextParam>) {
  const text = typeof value === 'string' ? value : '';
  if (spec.multiline || (spec.language && spec.language !== 'plain')) {
    const code = spec.language === 'sql' || spec.language === 'markdown';
    return (
      <textarea
        id={id}
        className={`field-input field-area${code ? ' field-code' : ''}`}
        rows={code ? 6 : 3}
        spellCheck={!code}
        placeholder={spec.placeholder}
        value={text}
        aria-invalid={invalid}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => e.stopPropagation()}
      />
    );
  }
  return (
    <input
      id={id}
      className="field-input"
      type="text"
      placeholder={spec.placeholder}
      value={text}
      aria-invalid={invalid}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
