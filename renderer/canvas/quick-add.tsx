/**
 * Quick-add: double-click the empty canvas, type a few letters, pick with the arrow keys and Enter.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useStudio } from '../store/studio-store-context.js';
import { rankedMatches } from '../palette/palette-groups.js';
import { nodeIcon } from './node-icons.js';

const MAX_ITEMS = 8;

/** The quick-add picker, shown while `ui.quickAdd` is set. */
export function QuickAdd() {
  const quickAdd = useStudio((s) => s.quickAdd);
  const defs = useStudio((s) => s.defs);
  const setQuickAdd = useStudio((s) => s.setQuickAdd);
  const addNode = useStudio((s) => s.addNode);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => rankedMatches(defs, query).slice(0, MAX_ITEMS), [defs, query]);
  if (!quickAdd) return null;

  const close = () => {
    setQuickAdd(null);
    setQuery('');
    setActive(0);
  };
  const pick = (type: string) => {
    addNode(type, { x: quickAdd.flow.x - 100, y: quickAdd.flow.y - 35 });
    close();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter' && matches[active]) pick(matches[active].type);
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };
  return (
    <div className="quick-add" style={{ left: quickAdd.screen.x, top: quickAdd.screen.y }} role="dialog" aria-label="Add a node">
      <input
        autoFocus
        className="quick-add-input"
        placeholder="Type to add a node…"
        aria-label="Node type"
        role="combobox"
        aria-expanded
        aria-controls="quick-add-list"
        aria-activedescendant={matches[active] ? `quick-add-${matches[active].type}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      <ul id="quick-add-list" role="listbox" className="quick-add-list">
        {matches.length === 0 && <li className="empty-text">No match</li>}
        {matches.map((d, i) => {
          const Icon = nodeIcon(d.icon, d.stage);
          return (
            <li
              key={d.type}
              id={`quick-add-${d.type}`}
              role="option"
              aria-selected={i === active}
              className={`quick-add-item stage-${d.stage}${i === active ? ' is-active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(d.type);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <Icon size={14} aria-hidden /> {d.title} <span className="quick-add-stage">{d.stage}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
