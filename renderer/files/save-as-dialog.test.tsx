// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { DirectoryListing, StudioApi } from '../../engine/contract.js';
import { flush } from '../testing/flush.js';
import { OpenDialog } from './open-dialog.js';
import { SaveAsDialog, withPipelineSuffix } from './save-as-dialog.js';

/** A host with a home of two folders and whatever places were added, refusing every other folder. */
function hostApi(log: string[]): Pick<StudioApi, 'listDirectory' | 'addBrowseFolder'> {
  const added: { label: string; path: string }[] = [];
  const tree: Record<string, string[]> = { '/home/ana': ['projects'], '/home/ana/projects': ['churn.pipeline.json'], '/srv/shared': [] };
  return {
    listDirectory: async (path) => {
      const folder = path ?? '/home/ana';
      log.push(`list ${folder}`);
      const known = folder === '/srv/shared' ? added.some((a) => a.path === folder) : !!tree[folder];
      if (!known) throw new Error(`[PATH_REFUSED] "${folder}" is outside the folders this window may use`);
      const listing: DirectoryListing = {
        path: folder,
        stored: 'relative-form-unused-by-open-and-save',
        entries: tree[folder].map((name) => ({ name, kind: name.includes('.') ? 'file' : 'directory', path: `${folder}/${name}` })),
        roots: [{ label: 'Home', path: '/home/ana' }, ...added],
      };
      return listing;
    },
    addBrowseFolder: async (path) => {
      log.push(`add ${path}`);
      if (path !== '/srv/shared') throw new Error(`[FILE_NOT_FOUND] no folder at "${path}"; check the spelling, or create it first`);
      added.push({ label: 'shared', path });
      return [...added];
    },
  };
}

afterEach(() => cleanup());

describe('withPipelineSuffix', () => {
  it('adds .pipeline.json to a bare name and keeps a .json name', () => {
    expect(['churn', 'churn.pipeline', 'churn.json', 'a.pipeline.json'].map(withPipelineSuffix)).toEqual([
      'churn.pipeline.json',
      'churn.pipeline.json',
      'churn.json',
      'a.pipeline.json',
    ]);
  });
});

describe('SaveAsDialog', () => {
  it('starts at home with the suggested name, walks into a folder by keyboard and saves there', async () => {
    const saved: string[] = [];
    render(
      <SaveAsDialog api={hostApi([])} purpose="save" suggestedName="churn-model.pipeline.json" onSubmit={(p) => saved.push(p)} onClose={() => undefined} />,
    );
    await flush();
    const name = screen.getByLabelText('File name') as HTMLInputElement;
    expect(name.value).toBe('churn-model.pipeline.json');
    expect(document.activeElement).toBe(name);
    fireEvent.keyDown(screen.getByRole('listbox'), { key: 'Enter' });
    await flush();
    expect(screen.getByTestId('file-browser-path').textContent).toBe('/home/ana/projects');
    fireEvent.change(name, { target: { value: 'renamed' } });
    fireEvent.submit(name.form!);
    expect(saved).toEqual(['/home/ana/projects/renamed.pipeline.json']);
  });

  it('asks for a second Enter before replacing a file that exists, and forgets that when the name changes', async () => {
    const saved: string[] = [];
    render(
      <SaveAsDialog
        api={hostApi([])}
        purpose="save"
        start="/home/ana/projects"
        suggestedName="churn"
        onSubmit={(p) => saved.push(p)}
        onClose={() => undefined}
      />,
    );
    await flush();
    const name = screen.getByLabelText('File name') as HTMLInputElement;
    fireEvent.submit(name.form!);
    expect(saved).toEqual([]);
    expect(screen.getByRole('alert').textContent).toBe('\u201cchurn.pipeline.json\u201d already exists in this folder. Press Enter again to replace it.');
    fireEvent.change(name, { target: { value: 'churn.pipeline.json' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.submit(name.form!);
    fireEvent.submit(name.form!);
    expect(saved).toEqual(['/home/ana/projects/churn.pipeline.json']);
  });

  it('adds a typed folder to the places, shows a refusal in place, and goes there', async () => {
    const log: string[] = [];
    render(<SaveAsDialog api={hostApi(log)} purpose="export" suggestedName="x.pipeline.json" onSubmit={() => undefined} onClose={() => undefined} />);
    await flush();
    fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));
    const path = screen.getByLabelText('Folder path');
    fireEvent.change(path, { target: { value: '/srv/nope' } });
    fireEvent.submit((path as HTMLInputElement).form!);
    await flush();
    expect(screen.getByRole('alert').textContent).toBe('no folder at "/srv/nope"; check the spelling, or create it first');
    fireEvent.change(path, { target: { value: '/srv/shared' } });
    fireEvent.submit((path as HTMLInputElement).form!);
    await flush();
    expect(screen.getByTestId('file-browser-path').textContent).toBe('/srv/shared');
    expect(screen.getByRole('navigation', { name: 'Places' }).textContent).toContain('shared');
    expect(log).toEqual(['list /home/ana', 'add /srv/nope', 'add /srv/shared', 'list /srv/shared']);
  });
});

describe('OpenDialog', () => {
  it('opens the chosen pipeline by its absolute path', async () => {
    const opened: string[] = [];
    render(<OpenDialog api={hostApi([])} start="/home/ana/projects" onOpen={(p) => opened.push(p)} onClose={() => undefined} />);
    await flush();
    fireEvent.keyDown(screen.getByRole('listbox'), { key: 'Enter' });
    expect(opened).toEqual(['/home/ana/projects/churn.pipeline.json']);
  });
});
