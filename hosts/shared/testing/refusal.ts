/** Test helpers for the shared host code. */
import { HostError } from '../host-error.js';

/** The `HostError` a host request was refused with; anything else (success included) fails the test with what came back. */
export async function refusal(p: Promise<unknown>): Promise<HostError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof HostError)) throw new Error(`expected a HostError, got ${String(err)}`);
  return err;
}
