/**
 * The calls UI's seam and helpers: the {@link CallHandle} the components show, the optional
 * {@link CallCapableBackend} part of a chat backend, the SDK adapter, `MemoryCall` for tests and stories, and
 * the lazy loader of the calls chunk. Importing this module defines no element (the chunk entry,
 * `./chunk.ts`, does).
 * @module
 */

export { type CallCapableBackend, isCallCapable, type StartCallOptions } from './call-backend.js';
export {
  type CallFallbackReason,
  type CallHandle,
  type CallHandleEvents,
  type CallMediaMode,
  type CallParticipant,
  type CallPhase,
  type CallQualityLevel,
  type CallQualitySample,
  type IncomingCallHandle,
  type IncomingCallHandleEvents,
  qualityLevel,
} from './call-handle.js';
export { type CallProblem, type CallProblemKind, callProblemFrom } from './call-problem.js';
export type { CallStrings } from './call-strings.js';
export { callStringsFor } from './call-strings-for.js';
export { createE2eeWorker, E2EE_WORKER_FILE, e2eeWorkerUrl } from './e2ee-worker-url.js';
export { type FakeMediaOptions, fakeMediaStream } from './fake-media.js';
export { CALLS_FILE, type CallsChunk, loadCallsChunk } from './load-calls.js';
export { MEMORY_DEVICES, MemoryCall, type MemoryCallOptions, MemoryIncomingCall } from './memory-call.js';
export { MemoryCallBackend, type MemoryCallBackendOptions } from './memory-call-backend.js';
export { callHandleFromSdkCall, incomingCallFromSdk, type SdkCallHandleOptions } from './sdk-call-handle.js';
