/**
 * The page's call engine (`cryptalk-call-engine.js` in the script-tag build, beside the calls chunk): the
 * SDK's `CallManager` (P2P WebRTC with perfect negotiation; the SFU session loads from `cryptalk-sfu.js` only
 * when a call starts), the SDK `CallEnvironment` over a chat backend's serializable `call*` members, and the
 * adapter from SDK calls to the UI's `CallHandle`. Loaded by `enableBackendCalls` (calls chunk) the first
 * time a room's calls are set up, so backends that are call-capable on their own (e.g. `MemoryCallBackend`)
 * never download it.
 * @module
 */
export { CallManager } from '@cryptalk/sdk/calls';
export { backendCallEnvironment } from './backend-call-environment.js';
export { callHandleFromSdkCall, incomingCallFromSdk } from './sdk-call-handle.js';
