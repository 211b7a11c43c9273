/**
 * Reads the addresses of a run refused with HOST_NOT_ALLOWED out of its message (the only part both
 * transports carry), so the window can ask the user to allow them. Its lines follow the engine's
 * HOST_NOT_ALLOWED template in engine/errors.ts, which host-refusal.test.ts checks against.
 */

export const HOST_NOT_ALLOWED = 'HOST_NOT_ALLOWED';

export interface HostRefusalView {
  nodeId: string;
  param: string;
  host: string;
  /** Set when the node would send rows there (a Prompt node's base URL) rather than serve on it: whose rows. */
  rowsOf?: string;
}

const LINE = /node "([^"\n]+)", param "([^"\n]+)": (?:binds (\S+), an address|this pipeline sends rows of (.+?) to (\S+), a host) other than this machine/g;

/** Every refused address in `message`, in order (HOST_NOT_ALLOWED and HOST_NOT_ALLOWED_OUTBOUND lines). */
export function parseHostRefusals(message: string): HostRefusalView[] {
  return [...message.matchAll(LINE)].map((m) =>
    m[3] !== undefined ? { nodeId: m[1], param: m[2], host: m[3] } : { nodeId: m[1], param: m[2], host: m[5], rowsOf: m[4] },
  );
}
