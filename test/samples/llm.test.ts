import { closeStandIn, llmSamples } from './llm.samples.js';
import { runSamples } from './harness.js';

runSamples('language models (against the stand-in)', llmSamples, closeStandIn);
