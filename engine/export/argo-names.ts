/**
 * Names Argo and Kubernetes accept, made from pipeline ids: DAG task and template names
 * (`[a-zA-Z0-9][-a-zA-Z0-9]*`, at most 128), parameter and artifact names (`[-a-zA-Z0-9_]+`), and
 * resource names (lower-case DNS-1123 labels). Distinct ids stay distinct.
 */

/** `Train MLP!` -> `Train-MLP`; never empty. */
export function taskName(id: string): string {
  const cleaned = id
    .replace(/[^-a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return cleaned || 'node';
}

/** A parameter or artifact name. */
export function argoName(text: string): string {
  return text.replace(/[^-a-zA-Z0-9_]+/g, '-').slice(0, 200) || 'x';
}

/** A lower-case DNS-1123 label (metadata.name, generateName), at most 52 so Argo can append a suffix. */
export function resourceName(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 52)
    .replace(/-+$/, '');
  return cleaned || 'pipeline';
}

/**
 * Gives each id its own task name, adding `-2`, `-3` when two ids clean up to the same name.
 *
 * @example
 * uniqueTaskNames(['a b', 'a-b']) // Map { 'a b' => 'a-b', 'a-b' => 'a-b-2' }
 */
export function uniqueTaskNames(ids: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    const base = taskName(id);
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    used.add(name.toLowerCase());
    names.set(id, name);
  }
  return names;
}
