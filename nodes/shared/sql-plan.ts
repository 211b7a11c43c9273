// Moved to engine/models/sql-plan.ts so the model server (server/) replays recipes with the same code.
export * from '../../engine/models/sql-plan.js';
