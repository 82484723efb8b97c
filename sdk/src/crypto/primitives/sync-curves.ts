/**
 * The synchronous X25519 and Ed25519 functions (`x25519.ts`, `ed25519.ts`: noble, or node:crypto where the native
 * backend is active) as one module: what {@link loadSyncCurves} imports on first need, so that bundles which
 * split put `@noble/curves` in a lazy chunk. Import `ed25519.ts` / `x25519.ts` directly from code that may
 * carry noble (the 1:1 rooms, Node); the rest awaits the loader or uses `platform-curves.ts`.
 *
 * @module
 */
export { ed25519PublicKey, ed25519Sign, ed25519Verify, generateEd25519 } from './ed25519.js';
export { generateX25519, x25519Dh, x25519PublicKey } from './x25519.js';
