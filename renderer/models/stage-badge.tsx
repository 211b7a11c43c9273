/** A version's registry stage as a small coloured label (colours from the design tokens, AA contrast in both themes). */
import type { ModelStage } from '../../engine/models/registry-views.js';

const LABEL: Record<ModelStage, string> = { none: 'no stage', staging: 'staging', production: 'production', archived: 'archived' };

export function StageBadge({ stage }: { stage: ModelStage }) {
  return (
    <span className={`stage-badge stage-badge--${stage}`} data-stage={stage}>
      {LABEL[stage]}
    </span>
  );
}
