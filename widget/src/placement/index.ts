/**
 * Placements of the chat's SDK (same thread, Worker, cross-origin frame) and the remote backend that lets
 * the UI drive a backend that runs elsewhere.
 *
 * @module
 */
export {
  BACKEND_SCHEMA,
  type BackendCommands,
  type BackendInfo,
  type BackendInit,
  type BackendWireEvents,
  REMOTE_BACKEND_MAX_ID,
  REMOTE_BACKEND_MAX_NAME,
  REMOTE_BACKEND_MAX_ROOM,
  REMOTE_BACKEND_MAX_URL,
  type WireFile,
} from './backend-schema.js';
export {
  DEFAULT_PERSIST,
  DEFAULT_PLACEMENT,
  type PersistMode,
  type Placement,
  parsePersist,
  parsePlacement,
} from './placement.js';
export { RemoteBackend } from './remote-backend.js';
export { type BackendSource, serveBackend } from './serve-backend.js';
export { createWorkerBackend, WORKER_FILE, WORKER_START_TIMEOUT_MS } from './worker-backend.js';
