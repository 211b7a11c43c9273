/** The header button that opens the Automations panel (its own chunk, loaded on first open). */
import { lazy, Suspense, useState } from 'react';
import { Timer } from 'lucide-react';
import { useStudio } from '../store/studio-store-context.js';

const AutomationsPanel = lazy(() => import('./automations-panel.js').then((m) => ({ default: m.AutomationsPanel })));

export function AutomationsButton() {
  const [open, setOpen] = useState(false);
  const count = useStudio((s) => s.doc.triggers?.filter((t) => t.enabled).length ?? 0);
  const label = `Automations${count ? ` (${count} on)` : ''}`;
  return (
    <>
      <button
        type="button"
        className={`icon-button${count ? ' is-on' : ''}`}
        aria-label={label}
        title={label}
        data-testid="open-automations"
        onClick={() => setOpen(true)}
      >
        <Timer size={16} aria-hidden />
      </button>
      {open && (
        <Suspense fallback={null}>
          <AutomationsPanel onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
