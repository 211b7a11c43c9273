/** Lets pending promises (a fake host's answers) settle and React apply what they set, before the test looks. */
import { act } from '@testing-library/react';

export async function flush(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}
