/**
 * Short messages: refusals appear beside the cursor where they happened, the rest in the corner.
 */
import { X } from 'lucide-react';
import { useStudio } from '../store/studio-store-context.js';

/** Short messages, placed at the cursor or in the corner. */
export function Toasts() {
  const toasts = useStudio((s) => s.toasts);
  const dismiss = useStudio((s) => s.dismissToast);
  const corner = toasts.filter((t) => !t.at);
  const placed = toasts.filter((t) => t.at);
  const item = (t: (typeof toasts)[number], style?: React.CSSProperties) => (
    <div key={t.id} className={`toast toast-${t.tone}`} style={style} role={t.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
      <span>{t.message}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
        <X size={13} aria-hidden />
      </button>
    </div>
  );
  return (
    <>
      {placed.map((t) => item(t, { position: 'fixed', left: Math.min(t.at!.x + 12, window.innerWidth - 360), top: t.at!.y + 12 }))}
      <div className="toast-stack">{corner.map((t) => item(t))}</div>
    </>
  );
}
