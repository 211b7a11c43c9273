// Moved to engine/models/scoring-input.ts so the model server (server/) prepares rows exactly as Score does.
export * from '../../engine/models/scoring-input.js';
