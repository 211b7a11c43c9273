import { ownModelSamples } from './own-model.samples.js';
import { runSamples } from './harness.js';

runSamples('own model', ownModelSamples);
