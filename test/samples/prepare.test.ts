import { runSamples } from './harness.js';
import { prepareSamples } from './prepare.samples.js';

runSamples('prepare', prepareSamples);
