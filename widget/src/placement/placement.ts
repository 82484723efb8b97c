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
