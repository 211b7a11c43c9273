/**
 * Applies the theme choice to <html>: `data-theme` is the choice (system, light, dark) and
 * `data-os-theme` follows prefers-color-scheme, so tokens.css needs no script to pick values.
 * The choice is remembered per machine in localStorage.
 */
import { useEffect, useState } from 'react';
import { useStudio } from '../store/studio-store-context.js';
import type { ThemeChoice } from '../store/ui-slice.js';

const KEY = 'lifecycle-studio.theme';

/** The remembered theme choice, or 'system'. */
export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Keeps <html data-theme> and data-os-theme in step with the choice and the OS. */
export function useTheme(): void {
  const theme = useStudio((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // Storage may be disabled; the choice then lasts for this window only.
    }
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const sync = () => (root.dataset.osTheme = media?.matches ? 'dark' : 'light');
    sync();
    media?.addEventListener('change', sync);
    return () => media?.removeEventListener('change', sync);
  }, [theme]);
}

/** The theme in force ('light' or 'dark'), following the OS while the choice is 'system'. */
export function useResolvedTheme(): 'light' | 'dark' {
  const theme = useStudio((s) => s.theme);
  const [osDark, setOsDark] = useState(() => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);
  useEffect(() => {
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const sync = () => setOsDark(media?.matches ?? false);
    media?.addEventListener('change', sync);
    return () => media?.removeEventListener('change', sync);
  }, []);
  return theme === 'system' ? (osDark ? 'dark' : 'light') : theme;
}
