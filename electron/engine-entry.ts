/**
 * The engine process of the desktop app (an Electron utilityProcess). The CLI's entry already
 * builds the engine with the node catalogue and serves it on whichever channel it was started
 * with (`process.parentPort` here), so the desktop reuses it rather than wiring the catalogue twice.
 */
// eslint-disable-next-line local/boundaries -- the engine-process entry belongs in hosts/shared/ (architecture.md); it moves there with engine/host/.
import '../cli/engine-entry.js';
