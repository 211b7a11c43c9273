/**
 * A list of strings as chips: type and press Enter (or comma) to add, Backspace on an empty field or
 * the chip's button to remove. Used by list params and by column lists before the schema is known.
 */
import { useState } from 'react';
import { X } from 'lucide-react';

export interface ChipsInputProps {
  id: string;
  values: readonly string[];
  onChange(values: string[]): void;
  placeholder?: string;
  invalid: boolean;
  /** Suggestions offered while typing (known column names). */
  suggestions?: readonly string[];
  /** Keep a value typed twice (layer sizes "64, 64"); names stay unique otherwise. */
  allowRepeats?: boolean;
}

/** Editable list of strings shown as chips. */
export function ChipsInput({ id, values, onChange, placeholder, invalid, suggestions, allowRepeats }: ChipsInputProps) {
  const [draft, setDraft] = useState('');
  const add = (raw: string) => {
    const parts = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s, i, all) => s && (allowRepeats || (!values.includes(s) && all.indexOf(s) === i)));
    if (parts.length) onChange([...values, ...parts]);
    setDraft('');
  };
  const listId = suggestions?.length ? `${id}-suggestions` : undefined;
  return (
    <div className={`chips${invalid ? ' is-invalid' : ''}`}>
      {values.map((v, i) => (
        <span key={`${i}:${v}`} className="chip">
          {v === '' ? <em className="chip-empty">empty text</em> : v}
          <button type="button" className="chip-remove" aria-label={`Remove ${v || 'empty text'}`} onClick={() => onChange(values.filter((_, j) => j !== i))}>
            <X size={11} aria-hidden />
          </button>
        </span>
      ))}
      <input
        id={id}
        className="chips-input"
        value={draft}
        list={listId}
        placeholder={values.length ? '' : (placeholder ?? 'Type and press Enter')}
        aria-invalid={invalid}
        onChange={(e) => (e.target.value.endsWith(',') ? add(e.target.value) : setDraft(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add(draft);
          } else if (e.key === 'Backspace' && draft === '' && values.length) onChange(values.slice(0, -1));
        }}
        onBlur={() => draft && add(draft)}
      />
      {listId && (
        <datalist id={listId}>
          {suggestions!
            .filter((s) => !values.includes(s))
            .map((s) => (
              <option key={s} value={s} />
            ))}
        </datalist>
      )}
    </div>
  );
}
