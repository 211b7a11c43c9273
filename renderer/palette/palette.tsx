/**
 * The left panel: every node type from the catalogue, grouped by lifecycle stage, with search.
 */
import { useMemo, useState } from 'react';
import { Search } from 'lucide-react';
import { useStudio } from '../store/studio-store-context.js';
import { useInsertNode } from '../canvas/use-insert-node.js';
import { paletteGroups, STAGE_LABELS } from './palette-groups.js';
import { PaletteItem } from './palette-item.js';

/** The node palette panel. */
export function Palette() {
  const defs = useStudio((s) => s.defs);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => paletteGroups(defs, query), [defs, query]);
  const insert = useInsertNode();
  return (
    <nav className="palette" aria-label="Node palette">
      <div className="panel-title">Nodes</div>
      <label className="palette-search">
        <Search size={14} aria-hidden />
        <input type="search" placeholder="Search nodes" aria-label="Search nodes" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <div className="palette-groups">
        {groups.length === 0 && <p className="empty-text">{defs.length === 0 ? 'No node types are registered.' : `No node matches “${query}”.`}</p>}
        {groups.map((g) => (
          <section key={g.stage} className={`palette-group stage-${g.stage}`} aria-label={STAGE_LABELS[g.stage]}>
            <h3 className="palette-group-title">
              <span className="stage-dot" aria-hidden />
              {STAGE_LABELS[g.stage]}
            </h3>
            <ul>
              {g.defs.map((d) => (
                <PaletteItem key={d.type} def={d} onInsert={(type) => insert(type)} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </nav>
  );
}
