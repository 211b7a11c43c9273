/**
 * The engine process of the desktop app (an Electron utilityProcess). The shared entry already
 * builds the engine with the node catalogue and serves it on whichever channel it was started
 * with (`process.parentPort` here), so the desktop reuses it rather than wiring the catalogue twice.
 * electron/build.mjs bundles this file into dist-electron/engine-entry.cjs.
 */
import '../hosts/shared/engine-entry.js';
