/** Retries and backoff live in engine/llm (the model server calls providers too); re-exported for the LLM nodes. */
export * from '../../../engine/llm/retry.js';
