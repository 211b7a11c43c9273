/** The header button that shows or hides the Versions panel of the pipeline in the window. */
import { History } from 'lucide-react';
import { useStudio } from '../store/studio-store-context.js';

export function VersionsButton() {
  const open = useStudio((s) => s.versionsOpen !== null);
  const pipelineId = useStudio((s) => s.doc.id);
  const name = useStudio((s) => s.doc.name);
  const setOpen = useStudio((s) => s.setVersionsOpen);
  const label = open ? 'Hide the Versions panel' : 'Versions: the saved versions of this pipeline';
  return (
    <button
      type="button"
      className={`icon-button${open ? ' is-on' : ''}`}
      data-testid="open-versions"
      aria-pressed={open}
      aria-label={label}
      title={label}
      onClick={() => setOpen(open ? null : { pipelineId, name })}
    >
      <History size={16} aria-hidden />
    </button>
  );
}
