/** Cycles the theme: system -> light -> dark. */
import { Monitor, Moon, Sun } from 'lucide-react';
import { useStudio } from '../store/studio-store-context.js';

const NEXT = { system: 'light', light: 'dark', dark: 'system' } as const;
const ICON = { system: Monitor, light: Sun, dark: Moon } as const;

/** Theme button cycling system, light and dark. */
export function ThemeToggle() {
  const theme = useStudio((s) => s.theme);
  const setTheme = useStudio((s) => s.setTheme);
  const Icon = ICON[theme];
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="theme-toggle"
      aria-label={`Theme: ${theme} (switch to ${NEXT[theme]})`}
      title={`Theme: ${theme}`}
      onClick={() => setTheme(NEXT[theme])}
    >
      <Icon size={16} aria-hidden />
    </button>
  );
}
