// Moved to engine/models/fitted-steps.ts so the model server (server/) replays recipes with the same code.
export * from '../../engine/models/fitted-steps.js';
