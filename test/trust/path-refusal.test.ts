/** The window reads the engine's PATH_OUTSIDE_ROOTS message back: pinned here against the template itself. */
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../engine/errors.js';
import { parsePathRefusals } from '../../renderer/run/path-refusal.js';

describe('parsePathRefusals', () => {
  it("reads the engine's own PATH_OUTSIDE_ROOTS lines back, with the hint appended as the host sends it", () => {
    const message = [
      errorMessage('PATH_OUTSIDE_ROOTS', 'imp', 'path', '/data/sales 2024/x, final.csv', false),
      errorMessage('PATH_OUTSIDE_ROOTS', 'pkg', 'folder', '/tmp/out', true),
    ].join('\n');
    expect(parsePathRefusals(`${message} (A run may only use files under /home/ana/pipes.)`)).toEqual([
      { nodeId: 'imp', param: 'path', path: '/data/sales 2024/x, final.csv', output: false, folder: '/data/sales 2024' },
      { nodeId: 'pkg', param: 'folder', path: '/tmp/out', output: true, folder: '/tmp' },
    ]);
  });

  it('keeps a Windows drive root whole and finds nothing in other messages', () => {
    expect(parsePathRefusals(errorMessage('PATH_OUTSIDE_ROOTS', 'imp', 'path', 'C:\\x.csv', false))[0].folder).toBe('C:\\');
    expect(parsePathRefusals('The run did not start: the engine is closed')).toEqual([]);
  });
});
