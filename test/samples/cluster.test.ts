import { clusterSamples } from './cluster.samples.js';
import { runSamples } from './harness.js';

runSamples('cluster (run on this machine)', clusterSamples);
