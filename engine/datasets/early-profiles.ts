/**
 * The first profile of a data file, started as soon as the node that read it finishes, so it runs
 * beside the nodes below (training is mostly JavaScript, the profile mostly DuckDB's threads)
 * instead of after the last node, where it delayed `run-finished`. The records are still written
 * before `run-finished` (`recordRunDatasets`, which awaits these), so the Datasets panel that
 * refreshes when a run ends sees the new version.
 */
import type { NodeRunRecord } from '../engine-types.js';
import { DatasetStore } from './dataset-store.js';
import { candidatesOf, profileOf, type DatasetSource } from './record-run-datasets.js';

type Profile = Awaited<ReturnType<typeof profileOf>>;

export class EarlyProfiles {
  private readonly started = new Map<string, Promise<Profile>>();
  private readonly store: DatasetStore;

  constructor(private readonly source: DatasetSource) {
    this.store = new DatasetStore(source.workspaceDir);
  }

  /** A node finished (ran or was reused): profile each data file it read whose content no record holds yet. */
  nodeDone(record: NodeRunRecord): void {
    for (const c of candidatesOf(this.source, record)) {
      if (this.started.has(c.fingerprint)) continue;
      const profile = this.store.has(c.fingerprint).then((known) => (known ? undefined : profileOf(this.source, c)));
      // Its failure is reported where it is awaited (the run record's datasetsError), not as an unhandled rejection.
      profile.catch(() => undefined);
      this.started.set(c.fingerprint, profile);
    }
  }

  /** The profile started for this content, if any (undefined when a record already held it). */
  of(fingerprint: string): Promise<Profile> | undefined {
    return this.started.get(fingerprint);
  }

  /** Resolves when every profile started has ended (a cancelled run waits for them before it ends). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.started.values());
  }
}
