import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, MENU_COMMANDS, type MenuCommand } from './menu.js';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

function build(platform: NodeJS.Platform, recentFiles: string[] = []) {
  const sent: MenuCommand[] = [];
  const opened: string[] = [];
  const template = buildMenuTemplate({
    platform,
    recentFiles,
    send: (c) => sent.push(c),
    newWindow: () => opened.push('new-window'),
    openInNewWindow: () => opened.push('open-in-new-window'),
    openRecent: (p) => opened.push(p),
    clearRecent: () => opened.push('clear'),
    developer: false,
  });
  return { items: flatten(template), sent, opened, template };
}

const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

describe('application menu', () => {
  it('has an item for every renderer command, whose click sends that command', () => {
    const { items, sent } = build('linux');
    for (const label of ['&Undo', '&Redo', 'D&uplicate', '&Save', '&Run Pipeline', 'Select &All', '&New Pipeline', '&Open…', '&Export…']) {
      click(items.find((i) => i.label === label));
    }
    expect(sent).toEqual(['undo', 'redo', 'duplicate', 'save', 'run', 'selectAll', 'new', 'open', 'export']);
    const sendable = items.filter((i) => i.click && !['New &Window', 'Open in New Window…'].includes(String(i.label)));
    expect(sendable.length).toBe(MENU_COMMANDS.length);
  });

  it('uses the shortcuts people expect', () => {
    const { items } = build('win32');
    const acc = (label: string) => items.find((i) => i.label === label)?.accelerator;
    expect(acc('&Undo')).toBe('CmdOrCtrl+Z');
    expect(acc('&Redo')).toBe('Shift+CmdOrCtrl+Z');
    expect(acc('D&uplicate')).toBe('CmdOrCtrl+D');
    expect(acc('&Run Pipeline')).toBe('CmdOrCtrl+Enter');
    expect(acc('&Save')).toBe('CmdOrCtrl+S');
    expect(acc('&Open…')).toBe('CmdOrCtrl+O');
    expect(acc('&New Pipeline')).toBe('CmdOrCtrl+N');
    const accelerators = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('lists recent files that open in their own window, and adds the app menu on macOS only', () => {
    const { items, opened, template } = build('darwin', ['/a/x.pipeline.json']);
    click(items.find((i) => i.label === '/a/x.pipeline.json'));
    expect(opened).toEqual(['/a/x.pipeline.json']);
    expect(template[0].role).toBe('appMenu');
    expect(build('linux').template[0].label).toBe('&File');
  });
});
