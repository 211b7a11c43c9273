/**
 * The node catalogue the hosts hand to the engine: each definition paired with its runner.
 * Explicit imports, one line per node type; `nodes/defs.ts` lists the same types for the window.
 */
import type { NodeImpl } from '../engine/node-run.js';
import { splitRunner } from './split/run.js';
import { cleanRunner } from './clean/run.js';
import { encodeScaleRunner } from './encode-scale/run.js';
import { sqlTransformRunner } from './sql-transform/run.js';
import { importDatasetRunner } from './import-dataset/run.js';
import { trainRunner } from './train/run.js';
import { scoreRunner } from './score/run.js';
import { evaluateRunner } from './evaluate/run.js';
import { validateGoalsRunner } from './validate-goals/run.js';
import { packageModelRunner } from './package-model/run.js';
import { registeredModelRunner } from './registered-model/run.js';
import { premadeModelRunner } from './premade-model/run.js';
import { promptRunner } from './prompt/run.js';
import { promptPlayground } from './prompt/playground.js';
import { embedRunner } from './embed/run.js';
import { monitorRunner } from './monitor/run.js';
import { deployRunner } from './deploy/run.js';
import { customHeadRunner } from './custom-head/run.js';

import { enterDataRunner } from './enter-data/run.js';
import { labelsRunner } from './labels/run.js';
import { fineTuneRunner } from './fine-tune/run.js';
import { explainRunner } from './explain/run.js';
export const nodeCatalog: readonly NodeImpl[] = [
  importDatasetRunner,
  cleanRunner,
  encodeScaleRunner,
  sqlTransformRunner,
  splitRunner,
  trainRunner,
  scoreRunner,
  evaluateRunner,
  validateGoalsRunner,
  packageModelRunner,
  registeredModelRunner,
  premadeModelRunner,
  { ...promptRunner, playground: promptPlayground },
  embedRunner,
  monitorRunner,
  deployRunner,
  enterDataRunner,
  labelsRunner,
  customHeadRunner,
  fineTuneRunner,
  explainRunner,
];
