import { monitorSamples } from './monitor.samples.js';
import { runSamples } from './harness.js';

runSamples('monitor and retrain', monitorSamples);
