/**
 * The file name field of an 'output' file browser (Save as, Export, an output data file), with the
 * warning shown while a replace waits for the user's second press.
 */
import type { RefObject } from 'react';

export interface FileBrowserNameProps {
  id: string;
  inputRef: RefObject<HTMLInputElement | null>;
  name: string;
  placeholder: string;
  /** Set while the typed name would replace a file: the next submit confirms. */
  replacing?: string;
  onName(name: string): void;
  onSubmit(): void;
}

/** The name form; Enter submits. */
export function FileBrowserName({ id, inputRef, name, placeholder, replacing, onName, onSubmit }: FileBrowserNameProps) {
  return (
    <form
      className="file-browser-name-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label className="field-label" htmlFor={id}>
        File name
      </label>
      <input
        ref={inputRef}
        id={id}
        className="field-input field-mono"
        value={name}
        placeholder={placeholder}
        aria-describedby={replacing ? `${id}-replacing` : undefined}
        onChange={(e) => onName(e.target.value)}
      />
      {replacing && (
        <p className="field-warning" id={`${id}-replacing`} role="alert">
          &ldquo;{replacing}&rdquo; already exists in this folder. Press Enter again to replace it.
        </p>
      )}
    </form>
  );
}
