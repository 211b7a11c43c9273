/**
 * `lifecycle-studio <command>`: one entry, one module per command under `commands/`.
 * Exit codes: 0 success, 1 a node or gate failed, 2 the document (or the command line) is invalid.
 */
type Command = { summary: string; load: () => Promise<{ main(args: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: lifecycle-studio <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(name && name !== '--help' ? `Unknown command "${name}".\n\n${usage()}` : usage());
  process.exitCode = name && name !== '--help' ? 2 : 0;
} else {
  const mod = await command.load();
  process.exitCode = await mod.main(rest);
}
