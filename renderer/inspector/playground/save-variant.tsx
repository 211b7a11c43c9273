/**
 * "Save as new variant": the playground's system prompt and template, under a new name, appended to
 * the node's variants through the document's `setParam` (one undo step, like any other edit).
 */
import { useState } from 'react';
import { useStudio } from '../../store/studio-store-context.js';
import type { Playground } from './use-playground.js';
import { nextVariantName, variantNameProblem } from './variant-names.js';

export function SaveVariant({ nodeId, pg }: { nodeId: string; pg: Playground }) {
  const setParam = useStudio((s) => s.setParam);
  const taken = pg.variants.map((v) => v.name);
  const [typed, setTyped] = useState<string>();
  const name = typed ?? nextVariantName(taken);
  const problem = variantNameProblem(name, taken);
  const save = () => {
    if (problem) return;
    setParam(nodeId, 'variants', [...pg.variants, { name, system: pg.draft.system, template: pg.draft.template }]);
    pg.choose(pg.variants.length, { name, system: pg.draft.system, template: pg.draft.template });
    setTyped(undefined);
  };
  return (
    <div className="pg-save" role="group" aria-label="Save as new variant">
      <label className="field-label" htmlFor={`${nodeId}-pg-new-name`}>
        New variant name
      </label>
      <div className="pg-save-row">
        <input
          id={`${nodeId}-pg-new-name`}
          className="field-input"
          data-testid="pg-new-name"
          value={name}
          aria-invalid={!!problem}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              save();
            }
          }}
        />
        <button type="button" className="button" data-testid="pg-save" disabled={!!problem} onClick={save}>
          Save as new variant
        </button>
      </div>
      {problem && <p className="field-error">{problem}</p>}
    </div>
  );
}
