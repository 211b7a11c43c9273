/**
 * The refusal reason that follows the cursor while a wire hovers a handle it may not join.
 */
import { useEffect, useState } from 'react';
import { Ban } from 'lucide-react';
import { useStudio } from '../store/studio-store-context.js';

/** Floating reason near the cursor; hidden when there is nothing to say. */
export function ConnectionHint() {
  const hint = useStudio((s) => s.connectionHint);
  const [pos, setPos] = useState({ x: 0, y: 0 });
  useEffect(() => {
    const move = (e: PointerEvent | MouseEvent) => setPos({ x: e.clientX, y: e.clientY });
    window.addEventListener('pointermove', move);
    window.addEventListener('mousemove', move);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('mousemove', move);
    };
  }, []);
  if (!hint) return null;
  return (
    <div className="connection-hint" role="status" style={{ left: pos.x + 14, top: pos.y + 14 }} data-testid="connection-hint">
      <Ban size={13} aria-hidden /> {hint}
    </div>
  );
}
