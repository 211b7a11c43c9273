/**
 * The hash of a pipeline version: sha256 of the canonical text without the viewport (where the
 * window was looking is not the pipeline). One function for the three places that must agree:
 * the saved versions (`engine/versions`), the run record's `documentHash` and a model package's
 * `lineage.pipelineHash`, so a registered model leads back to the version that made it.
 */
import { createHash } from 'node:crypto';
import type { PipelineDocument } from './schema.js';
import { serializePipeline } from './serialize.js';

/** 64 hex digits; equal for two documents that differ only in their viewport. */
export function pipelineVersionHash(doc: PipelineDocument): string {
  return createHash('sha256')
    .update(serializePipeline({ ...doc, viewport: undefined }))
    .digest('hex');
}
