// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { DirectoryListing, StudioApi } from '../../engine/contract.js';
import { flush } from '../testing/flush.js';
import { FileBrowserDialog } from './file-browser-dialog.js';

/**
 * A host folder tree as listDirectory answers it, with the pipeline saved in /home/ana/project:
 * stored paths are relative to that folder. Refuses anything outside /home/ana like the host does.
 */
const tree: Record<string, { name: string; kind: 'file' | 'directory'; size?: number }[]> = {
  '/home/ana': [{ name: 'project', kind: 'directory' }],
  '/home/ana/project': [
    { name: 'data', kind: 'directory' },
    { name: 'churn.pipeline.json', kind: 'file', size: 812 },
    { name: 'notes.txt', kind: 'file', size: 11 },
  ],
  '/home/ana/project/data': [
    { name: 'iris.csv', kind: 'file', size: 4551 },
    { name: 'penguins.csv', kind: 'file', size: 13_478 },
  ],
};
const storedOf: Record<string, string> = { '/home/ana': '..', '/home/ana/project': '.', '/home/ana/project/data': 'data' };

function hostApi(calls: (string | undefined)[]): Pick<StudioApi, 'listDirectory'> {
  return {
    listDirectory: async (path) => {
      calls.push(path);
      const folder = path ?? '/home/ana';
      const entries = tree[folder];
      if (!entries) throw new Error(`[PATH_REFUSED] "${folder}" is outside the folders this window may browse (/home/ana)`);
      const parent = folder === '/home/ana' ? undefined : folder.slice(0, folder.lastIndexOf('/'));
      const listing: DirectoryListing = {
        path: folder,
        parent,
        stored: storedOf[folder],
        entries: entries.map((e) => ({ ...e, path: `${folder}/${e.name}`, modified: 1_700_000_000_000 })),
        roots: [
          { label: 'Pipeline folder', path: '/home/ana/project' },
          { label: 'Home', path: '/home/ana' },
        ],
      };
      return listing;
    },
  };
}

afterEach(() => cleanup());

const listbox = () => screen.getByRole('listbox');
const activeName = () => listbox().querySelector('[aria-selected="true"] .file-browser-name')?.textContent;

describe('FileBrowserDialog', () => {
  it('walks into a folder and chooses a CSV with the keyboard alone, stored relative to the pipeline', async () => {
    const calls: (string | undefined)[] = [];
    const chosen: string[] = [];
    render(
      <FileBrowserDialog
        api={hostApi(calls)}
        start="/home/ana/project"
        pipelinePath="/home/ana/project/churn.pipeline.json"
        extensions={['.csv']}
        onChoose={(p) => chosen.push(p)}
        onClose={() => undefined}
      />,
    );
    await flush();
    expect(screen.getByTestId('file-browser-path').textContent).toBe('/home/ana/project');
    // Folders first: data, then the two files.
    expect([...listbox().querySelectorAll('.file-browser-name')].map((n) => n.textContent)).toEqual(['data', 'churn.pipeline.json', 'notes.txt']);
    expect(document.activeElement).toBe(listbox());
    // A .txt file is listed but cannot be chosen when the param takes .csv.
    fireEvent.keyDown(listbox(), { key: 'End' });
    expect(activeName()).toBe('notes.txt');
    expect(listbox().querySelector('[aria-selected="true"]')?.getAttribute('aria-disabled')).toBe('true');
    fireEvent.keyDown(listbox(), { key: 'Enter' });
    expect(chosen).toEqual([]);
    expect((screen.getByTestId('file-browser-choose') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.keyDown(listbox(), { key: 'Home' });
    fireEvent.keyDown(listbox(), { key: 'Enter' });
    await flush();
    expect(screen.getByTestId('file-browser-path').textContent).toBe('/home/ana/project/data');
    fireEvent.keyDown(listbox(), { key: 'ArrowDown' });
    fireEvent.keyDown(listbox(), { key: 'ArrowUp' });
    fireEvent.keyDown(listbox(), { key: 'ArrowUp' }); // stays on the first entry
    expect(activeName()).toBe('iris.csv');
    expect(screen.queryByText('4.4 KB')).not.toBeNull(); // 4551 / 1024 = 4.44
    fireEvent.keyDown(listbox(), { key: 'Enter' });
    expect(chosen).toEqual(['data/iris.csv']);
    expect(calls).toEqual(['/home/ana/project', '/home/ana/project/data']);
  });

  it('goes up with Backspace onto the folder it left, and shows a refusal from the host', async () => {
    const calls: (string | undefined)[] = [];
    render(<FileBrowserDialog api={hostApi(calls)} start="/home/ana/project/data" extensions={['csv']} onChoose={() => undefined} onClose={() => undefined} />);
    await flush();
    fireEvent.keyDown(listbox(), { key: 'Backspace' });
    await flush();
    expect(screen.getByTestId('file-browser-path').textContent).toBe('/home/ana/project');
    expect(activeName()).toBe('data');
    fireEvent.keyDown(listbox(), { key: 'Backspace' });
    await flush();
    fireEvent.keyDown(listbox(), { key: 'Backspace' }); // /home/ana has no parent: nothing happens
    await flush();
    expect(calls).toEqual(['/home/ana/project/data', '/home/ana/project', '/home/ana']);
    cleanup();
    render(<FileBrowserDialog api={hostApi([])} start="/etc" onChoose={() => undefined} onClose={() => undefined} />);
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('outside the folders this window may browse');
  });

  it('in output mode takes a typed file name in the current folder; Escape closes', async () => {
    const chosen: string[] = [];
    let closed = 0;
    render(
      <FileBrowserDialog
        api={hostApi([])}
        start="/home/ana/project/data"
        mode="output"
        extensions={['.csv']}
        onChoose={(p) => chosen.push(p)}
        onClose={() => closed++}
      />,
    );
    await flush();
    const name = screen.getByLabelText('File name');
    fireEvent.change(name, { target: { value: 'scored.csv' } });
    fireEvent.click(screen.getByTestId('file-browser-choose'));
    expect(chosen).toEqual(['data/scored.csv']);
    fireEvent.change(name, { target: { value: '../escape.csv' } });
    expect((screen.getByTestId('file-browser-choose') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(closed).toBe(1);
  });
});
