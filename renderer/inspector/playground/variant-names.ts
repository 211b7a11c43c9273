/**
 * Names of a Prompt node's variants, as the node accepts them (nodes/prompt/run.ts checkVariants):
 * letters, digits and _, at most 40, each once, since a name becomes column suffixes (reply_<name>).
 */

const NAME = /^[A-Za-z0-9_]{1,40}$/;

/** The first free name v1, v2, ... */
export function nextVariantName(taken: readonly string[]): string {
  for (let i = taken.length + 1; ; i++) if (!taken.includes(`v${i}`)) return `v${i}`;
}

/** Why `name` cannot name a new variant, or undefined. */
export function variantNameProblem(name: string, taken: readonly string[]): string | undefined {
  if (!NAME.test(name)) return 'Use letters, digits and _ only (up to 40): the name becomes column names like reply_<name>.';
  if (taken.includes(name)) return `A variant is already named "${name}".`;
  return undefined;
}
