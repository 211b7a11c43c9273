/**
 * Reads the paths of a run refused with PATH_OUTSIDE_ROOTS out of its message, so the window can
 * offer to allow their folders. The message is the only part both transports carry (the Electron
 * bridge keeps code and message, nothing else); its lines follow the engine's PATH_OUTSIDE_ROOTS
 * template in engine/errors.ts, which test/trust/path-refusal.test.ts pins.
 */

export const PATH_OUTSIDE_ROOTS = 'PATH_OUTSIDE_ROOTS';

export interface PathRefusalView {
  nodeId: string;
  param: string;
  path: string;
  output: boolean;
  /** The folder that holds the path: what the window offers to allow. */
  folder: string;
}

const LINE = /node "([^"\n]+)", param "([^"\n]+)": (reads|writes) (.+?), which is outside the folders this pipeline may use/g;

/** The folder part of an absolute POSIX or Windows path. */
function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut <= 0) return path.slice(0, cut + 1) || path;
  // Keep "C:\" whole.
  return /^[A-Za-z]:$/.test(path.slice(0, cut)) ? path.slice(0, cut + 1) : path.slice(0, cut);
}

/** Every refused path in `message`, in order. */
export function parsePathRefusals(message: string): PathRefusalView[] {
  return [...message.matchAll(LINE)].map((m) => ({ nodeId: m[1], param: m[2], output: m[3] === 'writes', path: m[4], folder: folderOf(m[4]) }));
}
