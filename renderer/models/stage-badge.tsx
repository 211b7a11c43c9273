/** A version's registry stage as a small coloured label (styles/panel.css's status pill). */
import type { ModelStage } from '../../engine/models/registry-views.js';

const LABEL: Record<ModelStage, string> = { none: 'no stage', staging: 'staging', production: 'production', archived: 'archived' };
const TONE: Record<ModelStage, string> = { none: 'muted', staging: 'busy', production: 'good', archived: 'off' };

export function StageBadge({ stage }: { stage: ModelStage }) {
  return (
    <span className={`status-pill status-pill--${TONE[stage]}`} data-stage={stage}>
      {LABEL[stage]}
    </span>
  );
}
