/**
 * The calls chunk (`cryptalk-calls.js`, ES module beside `cryptalk.js`): defines the calls UI
 * (`<cryptalk-call-button>`, `<cryptalk-incoming-call>`, `<cryptalk-call-view>`, `<cryptalk-device-picker>`)
 * and carries its strings, the page's media engine (the SDK's `CallManager` with P2P WebRTC, bridged to a
 * backend in a Worker or on the same thread by `enableBackendCalls`), the SDK-call adapter and the URL of
 * LiveKit's E2EE Worker beside it. Loaded by {@link loadCallsChunk} when a call starts or rings, so neither
 * the loader nor the chat core grows by it. `livekit-client` is not in it: the SDK imports the SFU session
 * dynamically, which the script-tag build turns into `cryptalk-sfu.js` beside this file.
 * `MemoryCall` and the fake media are for tests and stories: import them from `widget/src/calls/index.ts`.
 * @module
 */
import { CryptalkCallButton } from '../components/call/call-button/call-button.component.js';
import { CryptalkCallView } from '../components/call/call-view/call-view.component.js';
import { CryptalkDevicePicker } from '../components/call/device-picker/device-picker.component.js';
import { CryptalkIncomingCall } from '../components/call/incoming-call/incoming-call.component.js';
import { defineOnce } from '../internal/define.js';

// Defined here rather than through the folders' define files: bundlers that honour the package's
// `sideEffects` list (Vite, the hosts' own) would drop those imports, and this entry is always kept.
defineOnce('cryptalk-call-button', CryptalkCallButton);
defineOnce('cryptalk-call-view', CryptalkCallView);
defineOnce('cryptalk-device-picker', CryptalkDevicePicker);
defineOnce('cryptalk-incoming-call', CryptalkIncomingCall);

export { CryptalkCallAnswerEvent } from '../components/call/call-answer-event.js';
export { CryptalkCallEndedEvent } from '../components/call/call-ended-event.js';
export { CryptalkCallStartEvent } from '../components/call/call-start-event.js';
export { type BackendCallsOptions, enableBackendCalls } from './backend-calls.js';
export { callProblemFrom } from './call-problem.js';
export { callStringsFor } from './call-strings-for.js';
export { createE2eeWorker, E2EE_WORKER_FILE, e2eeWorkerUrl } from './e2ee-worker-url.js';
export { callHandleFromSdkCall, incomingCallFromSdk } from './sdk-call-handle.js';
export { CryptalkCallButton, CryptalkCallView, CryptalkDevicePicker, CryptalkIncomingCall };
