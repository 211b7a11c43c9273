// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { CircleDashed, Import } from 'lucide-react';
import { MaskIcon, iconMaskClass, iconMaskUrl, iconSvg } from './mask-icon.js';

// Path data copied by hand from node_modules/lucide-react/dist/esm/icons/import.mjs and circle-dashed.mjs.
const IMPORT_PATHS = ['M12 3v12', 'm8 11 4 4 4-4', 'M8 5H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-4'];

describe('MaskIcon', () => {
  it('builds the icon SVG from lucide data: every path of the icon, lucide stroke defaults, no React keys', () => {
    const svg = iconSvg(Import)!;
    expect([...svg.matchAll(/<path d="([^"]+)"\/>/g)].map((m) => m[1])).toEqual(IMPORT_PATHS);
    expect(svg).toContain('viewBox="0 0 24 24"');
    expect(svg).toContain('stroke-width="2"');
    expect(svg).toContain('stroke-linecap="round"');
    expect(svg).not.toContain('key=');
    // circle-dashed is 8 paths, the status pill's idle icon.
    expect(iconSvg(CircleDashed)!.match(/<path /g)).toHaveLength(8);
  });

  it('adds one rule per icon however many elements draw it', () => {
    render(
      <>
        <MaskIcon icon={Import} size={15} />
        <MaskIcon icon={Import} size={15} />
        <MaskIcon icon={CircleDashed} size={15} />
      </>,
    );
    const rules = document.querySelector('style[data-mask-icons]')!.textContent!;
    expect(rules.split(`.${iconMaskClass(Import)}{`)).toHaveLength(2);
    expect(rules.split('.mask-icon-s15{')).toHaveLength(2);
    expect(iconMaskClass(Import)).not.toBe(iconMaskClass(CircleDashed));
  });

  it('draws one element per icon, masked by that SVG, where lucide draws an svg and its paths', () => {
    const { container } = render(<MaskIcon icon={CircleDashed} size={11} className="spin" />);
    expect(container.querySelectorAll('*')).toHaveLength(1);
    const span = container.firstElementChild as HTMLElement;
    const mask = iconMaskClass(CircleDashed)!;
    expect(span.className).toBe(`mask-icon ${mask} mask-icon-s11 spin`);
    expect(decodeURIComponent(iconMaskUrl(CircleDashed)!)).toContain('M10.1 2.182a10 10 0 0 1 3.8 0');
    // No inline style: the mask and the size are rules of one style element, one per icon and size.
    expect(span.getAttribute('style')).toBeNull();
    const rules = document.querySelector('style[data-mask-icons]')!.textContent!;
    expect(rules).toContain(`.${mask}{-webkit-mask-image:${iconMaskUrl(CircleDashed)};mask-image:${iconMaskUrl(CircleDashed)}}`);
    expect(rules).toContain('.mask-icon-s11{width:11px;height:11px}');
    expect(getComputedStyle(span).width).toBe('11px');
    const lucide = render(<CircleDashed size={11} />).container;
    expect(lucide.querySelectorAll('*')).toHaveLength(9);
  });
});
