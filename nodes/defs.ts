/**
 * Every node definition, data only: what the palette, canvas and inspector read. An explicit list
 * (no folder scanning) so a missing node is a compile error, not a silent gap.
 */
import type { NodeDef } from '../engine/node-def.js';
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
export const nodeDefs: readonly NodeDef[] = [
  importDatasetDef,
  cleanDef,
  encodeScaleDef,
  sqlTransformDef,
  splitDef,
  trainDef,
  scoreDef,
  evaluateDef,
  validateGoalsDef,
  packageModelDef,
  registeredModelDef,
  premadeModelDef,
  promptDef,
  embedDef,
  monitorDef,
  deployDef,
  enterDataDef,
  labelsDef,
  customHeadDef,
  fineTuneDef,
  explainDef,
];
