import { lifecycleSamples } from './lifecycle.samples.js';
import { runSamples } from './harness.js';

// The harness stops every service a Deploy started (through the service manager) after the group.
runSamples('own-model lifecycle', lifecycleSamples);
