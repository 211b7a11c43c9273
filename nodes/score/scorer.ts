// Moved to engine/models/score-table.ts so the model server (server/) scores exactly as Score does.
export * from '../../engine/models/score-table.js';
