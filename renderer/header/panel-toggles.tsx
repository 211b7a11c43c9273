/** Show or hide the palette, the inspector and the bottom panel. */
import { PanelBottom, PanelLeft, PanelRight, type LucideIcon } from 'lucide-react';
import { useStudio } from '../store/studio-store-context.js';
import type { UiSlice } from '../store/ui-slice.js';

const PANELS: [keyof UiSlice['panels'], string, LucideIcon][] = [
  ['palette', 'node palette', PanelLeft],
  ['bottom', 'output panel', PanelBottom],
  ['inspector', 'inspector', PanelRight],
];

/** Buttons that show or hide the side and bottom panels. */
export function PanelToggles() {
  const panels = useStudio((s) => s.panels);
  const toggle = useStudio((s) => s.togglePanel);
  return (
    <>
      {PANELS.map(([key, label, Icon]) => (
        <button
          key={key}
          type="button"
          className={`icon-button${panels[key] ? ' is-on' : ''}`}
          aria-pressed={panels[key]}
          aria-label={`${panels[key] ? 'Hide' : 'Show'} the ${label}`}
          title={`${panels[key] ? 'Hide' : 'Show'} the ${label}`}
          onClick={() => toggle(key)}
        >
          <Icon size={16} aria-hidden />
        </button>
      ))}
    </>
  );
}
