// @vitest-environment happy-dom
/**
 * The Open dialog on a deep folder: the path bar shows its start and end with the middle folders
 * elided, the whole path in its tooltip, and the places (Home, Samples...) stay listed in full.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { DirectoryListing, StudioApi } from '../../engine/contract.js';
import { flush } from '../testing/flush.js';
import { OpenDialog } from './open-dialog.js';

afterEach(() => cleanup());

const DEEP = '/home/ana/projects/2026/clients/north-region/customer-survey/answers/pipelines';

const api: Pick<StudioApi, 'listDirectory' | 'addBrowseFolder'> = {
  listDirectory: async (path): Promise<DirectoryListing> => ({
    path: path ?? DEEP,
    parent: undefined,
    stored: path ?? DEEP,
    entries: [{ name: 'survey.pipeline.json', kind: 'file', path: `${DEEP}/survey.pipeline.json`, size: 900, modified: 1_700_000_000_000 }],
    roots: [
      { label: 'Home', path: '/home/ana' },
      { label: 'Samples', path: '/opt/lifecycle-studio/pipelines-samples' },
    ],
  }),
  addBrowseFolder: async () => [],
};

describe('Open dialog with a long path', () => {
  it('elides the middle of the path, keeps the full path in the tooltip and every place listed', async () => {
    render(<OpenDialog api={api} start={DEEP} onOpen={() => undefined} onClose={() => undefined} />);
    await flush();
    const bar = screen.getByTestId('file-browser-path');
    // By hand: 56 characters at most; '/home/' + '…' + the end that fits whole.
    expect(bar.textContent).toBe('/home/…/north-region/customer-survey/answers/pipelines');
    expect(bar.getAttribute('title')).toBe(DEEP);
    const places = [...document.querySelectorAll('.file-browser-root-label')].map((e) => e.textContent);
    expect(places).toEqual(['Home', 'Samples']);
  });
});
