/**
 * A lucide icon drawn as one CSS-masked span instead of an inline SVG with its paths. A node card
 * carried two icons (its stage icon and the status pill's) at 4-9 elements each; with 2,000 cards
 * that was most of the canvas's DOM, and every open, style recalc and zoom repaint paid for it.
 * The mask is the icon's own SVG, built once per icon, painted in `currentColor`, so it looks the same.
 */
import type { ReactElement } from 'react';
import type { LucideIcon } from 'lucide-react';

type IconNode = [string, Record<string, string | number>][];

const urls = new WeakMap<LucideIcon, string | null>();

/** The icon's elements, read from the element its component renders (lucide's icon data), or undefined if that shape changed. */
function iconNode(Icon: LucideIcon): IconNode | undefined {
  const render = (Icon as unknown as { render?: (props: object, ref: null) => ReactElement<{ icon?: { node?: unknown } }> }).render;
  const node = render?.({}, null)?.props?.icon?.node;
  return Array.isArray(node) && node.every((n) => Array.isArray(n) && typeof n[0] === 'string') ? (node as IconNode) : undefined;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const escapeAttr = (value: string | number) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The icon as a standalone SVG with lucide's stroke defaults (24 x 24, stroke 2, round caps and joins). */
export function iconSvg(Icon: LucideIcon): string | undefined {
  const node = iconNode(Icon);
  if (!node) return undefined;
  const children = node
    .map(([tag, attrs]) => {
      const shown = Object.entries(attrs).filter(([k]) => k !== 'key');
      return `<${tag} ${shown.map(([k, v]) => `${kebab(k)}="${escapeAttr(v)}"`).join(' ')}/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="#000" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${children}</svg>`;
}

/** `url("data:…")` for a CSS mask, cached per icon; null when the icon's data cannot be read. */
export function iconMaskUrl(Icon: LucideIcon): string | null {
  let url = urls.get(Icon);
  if (url === undefined) {
    const svg = iconSvg(Icon);
    url = svg ? `url("data:image/svg+xml,${encodeURIComponent(svg)}")` : null;
    urls.set(Icon, url);
  }
  return url;
}

const classes = new WeakMap<LucideIcon, string | null>();
const sized = new Set<number>();
let rules: HTMLStyleElement | undefined;
let seq = 0;

/** Adds a rule to the icons' one style element (made on first use). */
function addRule(rule: string): void {
  if (!rules?.isConnected) {
    rules = document.createElement('style');
    rules.dataset.maskIcons = '';
    document.head.appendChild(rules);
  }
  rules.appendChild(document.createTextNode(`${rule}\n`));
}

/**
 * The class that masks an element with `Icon` (its rule added once per icon), or null when the
 * icon's data cannot be read. A class, not an inline style: 4,000 elements each with its own inline
 * `mask-image` made Chromium compute every one's style from scratch (an inline style defeats its
 * matched-properties cache), and parse the data URL each time.
 */
export function iconMaskClass(Icon: LucideIcon): string | null {
  let cls = classes.get(Icon);
  if (cls === undefined) {
    const url = iconMaskUrl(Icon);
    cls = url ? `mask-icon-${++seq}` : null;
    if (cls) addRule(`.${cls}{-webkit-mask-image:${url};mask-image:${url}}`);
    classes.set(Icon, cls);
  }
  return cls;
}

/** The class sizing an icon to `size` px square (its rule added once per size). */
function sizeClass(size: number): string {
  const cls = `mask-icon-s${String(size).replace('.', '_')}`;
  if (!sized.has(size)) {
    sized.add(size);
    addRule(`.${cls}{width:${size}px;height:${size}px}`);
  }
  return cls;
}

/**
 * Draws `icon` at `size` px in the current text colour, as one element with no inline style; falls
 * back to lucide's SVG component if the icon's data cannot be read.
 *
 * @example
 * <MaskIcon icon={Brain} size={15} />
 */
export function MaskIcon({ icon: Icon, size, className }: { icon: LucideIcon; size: number; className?: string }) {
  const mask = iconMaskClass(Icon);
  if (!mask) return <Icon size={size} aria-hidden className={className} />;
  return <span className={`mask-icon ${mask} ${sizeClass(size)}${className ? ` ${className}` : ''}`} aria-hidden />;
}
