/**
 * A sample's picture: its graph drawn as the canvas would place it, in the stage colours of the
 * theme (CSS variables, so light and dark both hold).
 */
import type { SampleCard } from '../../engine/sample-gallery-types.js';
import { useStudio } from '../store/studio-store-context.js';
import { previewShape } from './preview-shape.js';

const WIDTH = 240;
const HEIGHT = 110;

/** The SVG picture of `card`. */
export function SamplePicture({ card }: { card: SampleCard }) {
  const defsByType = useStudio((s) => s.defsByType);
  const shape = previewShape(card, (type) => defsByType.get(type)?.stage, WIDTH, HEIGHT);
  return (
    <svg className="sample-picture" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${card.nodes.length} nodes`} data-testid="sample-picture">
      {shape.curves.map((d, i) => (
        <path key={i} d={d} className="sample-picture-edge" />
      ))}
      {shape.boxes.map((b) => (
        <rect
          key={b.id}
          x={b.x}
          y={b.y}
          width={b.w}
          height={b.h}
          rx={Math.min(4, b.h / 4)}
          className="sample-picture-node"
          style={{ fill: b.stage ? `var(--stage-${b.stage})` : 'var(--text-faint)' }}
        />
      ))}
    </svg>
  );
}
