/**
 * The host API when the form is inside a StudioApiProvider, else undefined: the inspector form is
 * also rendered alone (component tests, previews), where Browse and the secret status hide.
 */
import type { StudioApi } from '../../engine/contract.js';
import { useStudioApi } from '../store/api-context.js';

/** Like `useStudioApi`, but undefined instead of throwing outside a provider. */
export function useOptionalStudioApi(): StudioApi | undefined {
  // useStudioApi always calls useContext before it may throw, so the hook order stays stable.
  try {
    return useStudioApi();
  } catch {
    return undefined;
  }
}
