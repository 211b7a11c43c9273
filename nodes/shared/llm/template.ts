/** The templates live in engine/llm/template.ts, where the model server can import them too. */
export * from '../../../engine/llm/template.js';
