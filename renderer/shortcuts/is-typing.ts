/**
 * Whether keyboard focus is in a text field, where editing keys (undo, select all, delete) belong to
 * the field rather than to the pipeline.
 */
export function isTyping(target: EventTarget | Element | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return (
    el.isContentEditable ||
    el.tagName === 'TEXTAREA' ||
    el.tagName === 'SELECT' ||
    (el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes((el as HTMLInputElement).type))
  );
}
