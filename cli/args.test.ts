import { afterEach, expect, it, vi } from 'vitest';
import { parseOneFileCommand } from './args.js';

const USAGE = 'Usage: x <file>';
afterEach(() => vi.restoreAllMocks());

it('answers --help with the usage and exit 0, a wrong count with exit 2, and otherwise hands back the one path', () => {
  const out = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
  const err = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
  expect(parseOneFileCommand(['--help'], {}, USAGE, 'file')).toEqual({ exit: 0 });
  expect(out).toHaveBeenCalledWith(`${USAGE}\n`);
  expect(parseOneFileCommand(['a', 'b'], {}, USAGE, 'model folder')).toEqual({ exit: 2 });
  expect(err).toHaveBeenLastCalledWith(`Expected exactly one model folder, got 2.\n\n${USAGE}\n`);
  expect(parseOneFileCommand(['--nope', 'a'], {}, USAGE, 'file')).toEqual({ exit: 2 });
  const ok = parseOneFileCommand(['a.json', '--json'], { json: { type: 'boolean' } }, USAGE, 'file');
  expect(ok).toMatchObject({ path: 'a.json', parsed: { values: { json: true } } });
});
