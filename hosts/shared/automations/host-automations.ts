/**
 * The automations of the pipelines open in the app (desktop or `serve`): a pipeline's triggers run
 * while the app is open, and start again from the file each time it is opened or saved, so an edit
 * made in the Automations panel takes effect on save. Problems are logged, never thrown at the window.
 */
import { resolve } from 'node:path';
import type { PipelineDocument } from '../../../engine/document/schema.js';
import type { EngineApi } from '../../../engine/engine-types.js';
import { startAutomations, type RunningAutomations } from './automations.js';
import { automationLogLine } from './log-lines.js';

export interface HostAutomationsDeps {
  engine: Pick<EngineApi, 'run'>;
  workspaceDir: string;
  /** The run roots of a pipeline file, as its window's runs get them. */
  rootsFor(pipelinePath: string): Promise<string[]>;
  secrets?: (document: PipelineDocument) => Promise<Record<string, string>>;
  log(line: string, error: boolean): void;
}

export class HostAutomations {
  private readonly running = new Map<string, Promise<RunningAutomations | undefined>>();

  constructor(private readonly deps: HostAutomationsDeps) {}

  /** (Re)starts the triggers of the pipeline at `path`, read from the file as saved. */
  open(path: string): Promise<void> {
    const key = resolve(path);
    const previous = this.running.get(key);
    const next = (async () => {
      await (await previous)?.stop();
      try {
        const automations = await startAutomations({
          engine: this.deps.engine,
          pipelinePath: key,
          workspaceDir: this.deps.workspaceDir,
          allowedRoots: await this.deps.rootsFor(key),
          secrets: this.deps.secrets,
          onEvent: (event) => {
            const said = automationLogLine(event);
            if (said) this.deps.log(said.line, said.error);
          },
        });
        if (automations.triggers.length) this.deps.log(`automations of ${key}: ${automations.triggers.length} trigger(s) running`, false);
        return automations;
      } catch (error) {
        this.deps.log(`automations of ${key} did not start: ${(error as Error).message}`, true);
        return undefined;
      }
    })();
    this.running.set(key, next);
    return next.then(() => undefined);
  }

  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map(async (p) => (await p)?.stop()));
  }
}
