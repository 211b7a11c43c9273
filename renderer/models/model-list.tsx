/** The registered model names: a listbox, arrow keys move and pick. */
import type { RegisteredModel } from '../../engine/models/registry-views.js';
import { rovingKey } from './roving-keys.js';
import { StageBadge } from './stage-badge.js';

export function ModelList({ models, picked, onPick }: { models: RegisteredModel[]; picked?: string; onPick(name: string): void }) {
  return (
    <ul className="model-list" role="listbox" aria-label="Registered models" data-testid="model-list">
      {models.map((m, i) => {
        const production = m.versions.find((v) => v.stage === 'production');
        return (
          <li
            key={m.name}
            role="option"
            data-roving
            data-model={m.name}
            aria-selected={m.name === picked}
            tabIndex={m.name === picked ? 0 : -1}
            className="model-list__item"
            onClick={() => onPick(m.name)}
            onKeyDown={(e) => rovingKey(e, i, models.length, (j) => onPick(models[j].name))}
          >
            <span className="model-list__name">{m.name}</span>
            <span className="model-list__meta">
              {m.versions.length} version{m.versions.length === 1 ? '' : 's'}
              {production && (
                <>
                  {' · '}
                  <StageBadge stage="production" /> v{production.version}
                </>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
