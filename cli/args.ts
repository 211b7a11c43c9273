/**
 * Command-line parsing for the commands, on Node's own `util.parseArgs`; a bad command line is
 * reported in plain words with the command's usage and exit code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type Options = NonNullable<ParseArgsConfig['options']>;

export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * Parses `args`, or prints what is wrong plus `usage` to stderr and returns undefined.
 *
 * @example
 * const parsed = parseCommandLine(args, { json: { type: 'boolean' } }, 'Usage: lifecycle-studio nodes [--json]');
 * if (!parsed) return 2;
 */
export function parseCommandLine<O extends Options>(args: string[], options: O, usage: string): Parsed<O> | undefined {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    return undefined;
  }
}
