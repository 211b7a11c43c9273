import { premadeSamples } from './premade.samples.js';
import { runSamples } from './harness.js';

runSamples('premade models', premadeSamples);
