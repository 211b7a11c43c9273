/** The templates moved to nodes/shared/llm/template.ts (the Fine-tune node and Evaluate's grading use them too). */
export * from '../shared/llm/template.js';
