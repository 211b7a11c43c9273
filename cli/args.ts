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

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * A command that takes exactly one file or folder: `--help` (answered here) is added to `options`.
 * Returns the parsed line and that one path, or the exit code the command should return (0 after
 * help, 2 for a bad line, each already printed).
 *
 * @example
 * const cmd = parseOneFileCommand(args, { json: { type: 'boolean' } }, USAGE, 'pipeline file');
 * if ('exit' in cmd) return cmd.exit;
 */
export function parseOneFileCommand<O extends Options>(
  args: string[],
  options: O,
  usage: string,
  what: string,
): { parsed: Parsed<O & typeof HELP>; path: string } | { exit: number } {
  const parsed = parseCommandLine(args, { ...options, ...HELP }, usage);
  if (!parsed) return { exit: 2 };
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return { exit: 0 };
  }
  if (parsed.positionals.length !== 1) {
    process.stderr.write(`Expected exactly one ${what}, got ${parsed.positionals.length}.\n\n${usage}\n`);
    return { exit: 2 };
  }
  return { parsed, path: parsed.positionals[0] };
}
