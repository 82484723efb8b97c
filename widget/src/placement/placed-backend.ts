/**
 * Builds the backend for the `same` and `worker` placements from the loaded chat core.
 *
 * @module
 */
import type { ChatBackend } from '../backend/chat-backend.js';
import type { BackendInit } from './backend-schema.js';
import type { Placement } from './placement.js';

/** The part of the chat core that builds backends (`createWorkerBackend` only in the script-tag core). */
export interface BackendFactories {
  /** The backend on the page's thread. */
  createBackend(init: BackendInit): Promise<ChatBackend>;
  /** The backend in a dedicated Worker, when the core can start one. */
  createWorkerBackend?(init: BackendInit): Promise<ChatBackend>;
}

/**
 * The backend for a placement: in a Worker for `worker` (when the core offers one and the relay is real;
 * the `memory:` demo stays on the page), on the page otherwise — also when the Worker cannot start (a CSP
 * without `worker-src`), so the chat still works.
 * @param core - the loaded chat core.
 * @param placement - `same` or `worker` (`frame` never reaches here).
 * @param init - the relay's URL and the base of invite links.
 * @returns the backend.
 */
export async function placedBackend(
  core: BackendFactories,
  placement: Placement,
  init: BackendInit,
): Promise<ChatBackend> {
  if (placement === 'worker' && core.createWorkerBackend && init.relay !== 'memory:') {
    try {
      return await core.createWorkerBackend(init);
    } catch {
      // Fall back to the page's thread: slower, no less private than `same`.
    }
  }
  return core.createBackend(init);
}
