/**
 * The node catalogue the hosts hand to the engine: each definition paired with its runner.
 * Explicit imports, one line per node type; `nodes/defs.ts` lists the same types for the window.
 * Runners load on first use (`lazy-runner.ts`): loading them all took seconds at every engine start.
 */
import type { NodeImpl } from '../engine/node-run.js';
import { splitDef } from './split/def.js';
import { cleanDef } from './clean/def.js';
import { encodeScaleDef } from './encode-scale/def.js';
import { sqlTransformDef } from './sql-transform/def.js';
import { importDatasetDef } from './import-dataset/def.js';
import { trainDef } from './train/def.js';
import { scoreDef } from './score/def.js';
import { evaluateDef } from './evaluate/def.js';
import { validateGoalsDef } from './validate-goals/def.js';
import { packageModelDef } from './package-model/def.js';
import { registeredModelDef } from './registered-model/def.js';
import { premadeModelDef } from './premade-model/def.js';
import { promptDef } from './prompt/def.js';
import { embedDef } from './embed/def.js';
import { monitorDef } from './monitor/def.js';
import { deployDef } from './deploy/def.js';
import { customHeadDef } from './custom-head/def.js';
import { enterDataDef } from './enter-data/def.js';
import { labelsDef } from './labels/def.js';
import { fineTuneDef } from './fine-tune/def.js';
import { explainDef } from './explain/def.js';
import { lazyRunner, type LazyEntry } from './lazy-runner.js';

export const nodeEntries: readonly LazyEntry[] = [
  { def: importDatasetDef, load: async () => (await import('./import-dataset/run.js')).importDatasetRunner },
  { def: cleanDef, load: async () => (await import('./clean/run.js')).cleanRunner },
  { def: encodeScaleDef, load: async () => (await import('./encode-scale/run.js')).encodeScaleRunner },
  { def: sqlTransformDef, load: async () => (await import('./sql-transform/run.js')).sqlTransformRunner },
  { def: splitDef, load: async () => (await import('./split/run.js')).splitRunner },
  { def: trainDef, load: async () => (await import('./train/run.js')).trainRunner },
  { def: scoreDef, load: async () => (await import('./score/run.js')).scoreRunner },
  { def: evaluateDef, load: async () => (await import('./evaluate/run.js')).evaluateRunner },
  { def: validateGoalsDef, load: async () => (await import('./validate-goals/run.js')).validateGoalsRunner },
  { def: packageModelDef, load: async () => (await import('./package-model/run.js')).packageModelRunner },
  { def: registeredModelDef, load: async () => (await import('./registered-model/run.js')).registeredModelRunner, hooks: ['keyFiles'] },
  { def: premadeModelDef, load: async () => (await import('./premade-model/run.js')).premadeModelRunner, hooks: ['describe'] },
  {
    def: promptDef,
    load: async () => {
      const [{ promptRunner }, { promptPlayground }] = await Promise.all([import('./prompt/run.js'), import('./prompt/playground.js')]);
      return { ...promptRunner, playground: promptPlayground };
    },
    hooks: ['playground'],
  },
  { def: embedDef, load: async () => (await import('./embed/run.js')).embedRunner },
  { def: monitorDef, load: async () => (await import('./monitor/run.js')).monitorRunner },
  { def: deployDef, load: async () => (await import('./deploy/run.js')).deployRunner },
  { def: enterDataDef, load: async () => (await import('./enter-data/run.js')).enterDataRunner },
  { def: labelsDef, load: async () => (await import('./labels/run.js')).labelsRunner, hooks: ['keyFiles'] },
  { def: customHeadDef, load: async () => (await import('./custom-head/run.js')).customHeadRunner },
  { def: fineTuneDef, load: async () => (await import('./fine-tune/run.js')).fineTuneRunner },
  { def: explainDef, load: async () => (await import('./explain/run.js')).explainRunner },
];

export const nodeCatalog: readonly NodeImpl[] = nodeEntries.map(lazyRunner);
