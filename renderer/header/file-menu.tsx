/**
 * The File menu: new, open, recent files, samples, save, save as, import, export. A disclosure
 * menu that works with the keyboard (arrows move, Escape closes).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ChevronDown } from 'lucide-react';
import { useCommandTable } from '../commands/commands-context.js';
import { useFileLists } from '../files/use-file-lists.js';
import { formatKeys, SHORTCUTS, type CommandId } from '../shortcuts/keymap.js';

const keysOf = (c: CommandId) => {
  const s = SHORTCUTS.find((x) => x.command === c);
  return s ? formatKeys(s.keys[0]) : '';
};
const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** The File menu button and its keyboard-navigable menu. */
export function FileMenu() {
  const [open, setOpen] = useState(false);
  const commands = useCommandTable();
  const { recent, samples } = useFileLists(open);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const away = (e: MouseEvent) => !menu.current?.parentElement?.contains(e.target as Node) && setOpen(false);
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [open]);

  const act = (fn: () => unknown) => () => {
    setOpen(false);
    void fn();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
    else if (e.key === 'Escape') setOpen(false);
    else return;
    e.preventDefault();
  };
  const item = (command: CommandId, label: string) => (
    <button type="button" role="menuitem" className="menu-item" data-testid={`menu-${command}`} onClick={act(commands[command])}>
      <span>{label}</span>
      <kbd>{keysOf(command)}</kbd>
    </button>
  );
  return (
    <div className="menu-anchor">
      <button type="button" className="button button-ghost" aria-haspopup="menu" aria-expanded={open} data-testid="file-menu" onClick={() => setOpen(!open)}>
        File <ChevronDown size={14} aria-hidden />
      </button>
      {open && (
        <div ref={menu} className="menu" role="menu" aria-label="File" onKeyDown={onKeyDown}>
          {item('new', 'New')}
          {item('open', 'Open…')}
          {recent.length > 0 && <div className="menu-heading">Recent</div>}
          {recent.slice(0, 8).map((p) => (
            <button key={p} type="button" role="menuitem" className="menu-item" title={p} onClick={act(() => commands.file.openPath(p))}>
              <span>{baseName(p)}</span>
            </button>
          ))}
          {samples.length > 0 && <div className="menu-heading">Samples</div>}
          {samples.map((s) => (
            <button key={s.path} type="button" role="menuitem" className="menu-item" title={s.path} onClick={act(() => commands.file.openPath(s.path))}>
              <span>{s.name}</span>
            </button>
          ))}
          <div className="menu-sep" role="separator" />
          {item('save', 'Save')}
          {item('saveAs', 'Save as…')}
          <div className="menu-sep" role="separator" />
          {item('import', 'Import JSON…')}
          {item('export', 'Export JSON…')}
        </div>
      )}
    </div>
  );
}
