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
}

const LINE = /node "([^"\n]+)", param "([^"\n]+)": binds (\S+), an address other than this machine/g;

/** Every refused address in `message`, in order. */
export function parseHostRefusals(message: string): HostRefusalView[] {
  return [...message.matchAll(LINE)].map((m) => ({ nodeId: m[1], param: m[2], host: m[3] }));
}
