/**
 * Where the chat's SDK runs. One option, three placements (docs/security.md has the threat model of each):
 *
 * - `same`: on the page's main thread, as before;
 * - `worker`: in a dedicated module Worker (the default), so crypto and storage stay off the main thread;
 * - `frame`: UI and SDK inside a cross-origin iframe served by the relay at `/embed`, so the host page can
 *   never read keys, plaintext or the chat's storage.
 *
 * @module
 */

/** A placement of the chat's SDK. */
export type Placement = 'same' | 'worker' | 'frame';

/** The placement used when the attribute is missing or unknown. */
export const DEFAULT_PLACEMENT: Placement = 'worker';

/**
 * Reads the `placement` attribute.
 * @param value - the attribute's value (null when absent).
 * @returns the placement; anything unknown is the {@link DEFAULT_PLACEMENT}.
 */
export function parsePlacement(value: string | null): Placement {
  return value === 'same' || value === 'worker' || value === 'frame' ? value : DEFAULT_PLACEMENT;
}

/**
 * Whether the chat keeps its identity, rooms and history across reloads (docs/security.md, "Widget storage"):
 *
 * - `device` (the default): in an encrypted IndexedDB store in the SDK's origin — the Worker's and the
 *   page's for `worker` and `same`, the relay's for `frame` — whose key is wrapped by a non-extractable
 *   WebCrypto device key;
 * - `none`: in memory only, a new identity on every load (kiosks, shared machines).
 */
export type PersistMode = 'device' | 'none';

/** The persistence used when the `persist` attribute is missing or unknown. */
export const DEFAULT_PERSIST: PersistMode = 'device';

/**
 * Reads the `persist` attribute.
 * @param value - the attribute's value (null when absent).
 * @returns `none` for `none` (or `memory`, `false`, `off`); {@link DEFAULT_PERSIST} otherwise.
 */
export function parsePersist(value: string | null | undefined): PersistMode {
  const v = value?.trim().toLowerCase();
  return v === 'none' || v === 'memory' || v === 'false' || v === 'off' ? 'none' : DEFAULT_PERSIST;
}
