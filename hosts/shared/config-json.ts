/**
 * Reading the small JSON files a host keeps in the user's config folder (recent files, added
 * folders, allowed folders). A missing or damaged file reads as nothing: these lists are rebuilt by
 * the next write, and a hand-damaged file must never stop a save or a run.
 */
import { readFile } from 'node:fs/promises';

/**
 * The field `key` of the JSON object in `file`, or undefined when the file is missing, is not
 * JSON, or is not an object.
 *
 * @throws what reading throws other than ENOENT (a permissions problem is worth seeing).
 */
export async function readConfigField(file: string, key: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.hasOwn(parsed, key)
      ? (parsed as Record<string, unknown>)[key]
      : undefined;
  } catch {
    return undefined;
  }
}
