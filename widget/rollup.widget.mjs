// Rollup configs of the widget's script-tag build: the tiny IIFE loader and the chat core as a separate ESM
// file beside it (loaded with `import()` on first open). Used by widget/scripts/build.mjs and meant to be
// spread into the root rollup.config.mjs:
//   import { widgetScriptTagConfigs } from './widget/rollup.widget.mjs';
//   export default [..., ...widgetScriptTagConfigs({ sizes: sizes() })];   // replacing the loader entry
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import minifyTemplates from '@lit-labs/rollup-plugin-minify-html-literals';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { precompressOutput } from './scripts/precompress.mjs';

/** Output folder and file names (the loader resolves the core's URL relative to its own). */
export const WIDGET_DIST = 'widget/dist';
export const LOADER_FILE = 'cryptalk.js';
export const CORE_FILE = 'cryptalk-core.js';
/**
 * The chat UI (Lit, the components, the way to the SDK), loaded by the core's few-hundred-byte entry
 * (`CORE_FILE`, widget/src/placement/core-start.ts) right after that entry started the Worker.
 */
export const UI_FILE = 'cryptalk-ui.js';
/** The Worker of the `worker` placement (the SDK client off the main thread), started by the core. */
export const WORKER_FILE = 'cryptalk-worker.js';
/** The chat inside the relay's `/embed` frame (the `frame` placement), served by the relay. */
export const FRAME_FILE = 'cryptalk-frame.js';
/**
 * The frame's lazy chunks, as beside the Worker and the UI (the relay serves them under `/embed/` beside the
 * frame: the files build.json lists as the frame's imports): ML-KEM-768, the attachment transfer, the QR
 * encoder, the virtual list, the passphrase KDFs and the non-English strings.
 */
export const FRAME_ML_KEM_FILE = 'cryptalk-frame-ml-kem.js';
/** The attachment transfer beside the frame, as {@link WORKER_TRANSFER_FILE}. */
export const FRAME_TRANSFER_FILE = 'cryptalk-frame-transfer.js';
/** The QR encoder beside the frame, as {@link UI_QR_FILE}. */
export const FRAME_QR_FILE = 'cryptalk-frame-qr-path.js';
/** The panel's call session beside the frame, as {@link UI_CALL_SESSION_FILE}. */
export const FRAME_CALL_SESSION_FILE = 'cryptalk-frame-panel-call-session.js';
/** The offer rendering beside the frame, as {@link UI_OFFER_CONTENT_FILE}. */
export const FRAME_OFFER_CONTENT_FILE = 'cryptalk-frame-offer-content.js';
/** Lit's `AsyncDirective` beside the frame, as {@link UI_ASYNC_DIRECTIVE_FILE}. */
export const FRAME_ASYNC_DIRECTIVE_FILE = 'cryptalk-frame-async-directive.js';
/** The message list's virtual list beside the frame, as {@link UI_VIRTUAL_FILE}. */
export const FRAME_VIRTUAL_FILE = 'cryptalk-frame-virtual.js';
/** The strings of each non-English locale beside the frame, as {@link UI_LOCALE_FILES}. */
export const FRAME_LOCALE_FILES = {
  de: 'cryptalk-frame-de.js',
  ar: 'cryptalk-frame-ar.js',
  ja: 'cryptalk-frame-ja.js',
};
/** The SDK adapter (client, crypto, encrypted store) for the `same` placement, loaded by the core only then. */
export const CLIENT_FILE = 'cryptalk-client.js';
/**
 * ML-KEM-768 (`@noble/post-quantum`) beside the Worker: only 1:1 rooms (PQXDH) use it, so the SDK's
 * `loadMlKem768()` imports it when a 1:1 room first publishes its prekeys, starts or answers a first message.
 */
export const WORKER_ML_KEM_FILE = 'cryptalk-worker-ml-kem.js';
/**
 * The in-memory demo backend beside the Worker, loaded only for `relay="memory:"` (demos, design reviews): the
 * Worker serving a relay never downloads it.
 */
export const WORKER_MEMORY_FILE = 'cryptalk-worker-memory-backend.js';
/**
 * The in-memory demo backend beside the UI: loaded for `relay="memory:"` on the page (`same`) or by the core's
 * `loadMemoryBackend()`; a chat on a relay never downloads it.
 */
export const UI_MEMORY_FILE = 'cryptalk-ui-memory-backend.js';
/**
 * The 1:1 rooms (PQXDH, the Double Ratchet, prekeys: the SDK client's `loadDirectRooms()`) beside the Worker:
 * loaded when the client first creates, joins or restores a 1:1 room; a client with group rooms only never
 * downloads it.
 */
export const WORKER_DIRECT_FILE = 'cryptalk-worker-direct-room.js';
/** The 1:1 rooms beside the client chunk (the `same` placement), as {@link WORKER_DIRECT_FILE}. */
export const CLIENT_DIRECT_FILE = 'cryptalk-client-direct-room.js';
/** The 1:1 rooms beside the frame, as {@link WORKER_DIRECT_FILE}. */
export const FRAME_DIRECT_FILE = 'cryptalk-frame-direct-room.js';
/**
 * noble's AES-GCM beside the Worker: the group rooms' AES-GCM (MLS ciphersuite 1) runs on WebCrypto, so this
 * loads only with the 1:1 rooms (their default suite is AES-256-GCM, run synchronously) or on a platform without
 * WebCrypto.
 */
export const WORKER_AES_FILE = 'cryptalk-worker-aes-gcm-noble.js';
/** noble's AES-GCM beside the client chunk (the `same` placement), as {@link WORKER_AES_FILE}. */
export const CLIENT_AES_FILE = 'cryptalk-client-aes-gcm-noble.js';
/** noble's AES-GCM beside the frame, as {@link WORKER_AES_FILE}. */
export const FRAME_AES_FILE = 'cryptalk-frame-aes-gcm-noble.js';
/**
 * The SDK's link-preview fetching beside the Worker: loaded the first time a client with a `linkPreviews`
 * fetcher sends a message with a link (the widget's clients have none).
 */
export const WORKER_PREVIEW_FILE = 'cryptalk-worker-link-preview-fetch.js';
/** The link-preview fetching beside the client chunk (the `same` placement), as {@link WORKER_PREVIEW_FILE}. */
export const CLIENT_PREVIEW_FILE = 'cryptalk-client-link-preview-fetch.js';
/** The link-preview fetching beside the frame, as {@link WORKER_PREVIEW_FILE}. */
export const FRAME_PREVIEW_FILE = 'cryptalk-frame-link-preview-fetch.js';
/**
 * The SDK's in-memory store beside the Worker: loaded when a client opens without a store (`persist="none"`, a
 * second tab while the first holds the device store, no IndexedDB); the default uses the device store.
 */
export const WORKER_MEMORY_STORE_FILE = 'cryptalk-worker-memory-store.js';
/** The in-memory store beside the client chunk (the `same` placement), as {@link WORKER_MEMORY_STORE_FILE}. */
export const CLIENT_MEMORY_STORE_FILE = 'cryptalk-client-memory-store.js';
/** The in-memory store beside the frame, as {@link WORKER_MEMORY_STORE_FILE}. */
export const FRAME_MEMORY_STORE_FILE = 'cryptalk-frame-memory-store.js';
/**
 * Dexie (and the SDK's `store/dexie/dexie-schema.ts`) beside the Worker: loaded only when the device store's
 * IndexedDB database must be created or upgraded, which is a visitor's first open on a device (and the first
 * after a schema upgrade). Every later open finds the schema in place and uses the native IndexedDB API alone.
 */
export const WORKER_DEXIE_FILE = 'cryptalk-worker-dexie-schema.js';
/** Dexie beside the client chunk (the `same` placement), as {@link WORKER_DEXIE_FILE}. */
export const CLIENT_DEXIE_FILE = 'cryptalk-client-dexie-schema.js';
/** Dexie beside the frame, as {@link WORKER_DEXIE_FILE}. */
export const FRAME_DEXIE_FILE = 'cryptalk-frame-dexie-schema.js';
/**
 * A group room's membership code beside the Worker: the SDK's `rooms/group-membership.ts` (joining, rejoining,
 * admitting joiners, removing members, key updates: the SDK's `loadMembership()`) with the HPKE framing of the MLS
 * provider (`@hpke/core`, `@hpke/common` and `crypto/group/hpke-cipher-suite.ts`: the SDK's `loadHpke()`) and
 * ts-mls's commit, join and message processing, in one chunk ({@link membershipWithHpke}). Loaded by a join, the
 * first commit (adding, removing a member, a key update), or a join request, Welcome or commit received. Creating
 * a group, its key package, an invite link and application messages need none of it, so a first open never
 * downloads it.
 */
export const WORKER_MEMBERSHIP_FILE = 'cryptalk-worker-group-membership.js';
/** The membership code beside the client chunk (the `same` placement), as {@link WORKER_MEMBERSHIP_FILE}. */
export const CLIENT_MEMBERSHIP_FILE = 'cryptalk-client-group-membership.js';
/** The membership code beside the frame, as {@link WORKER_MEMBERSHIP_FILE}. */
export const FRAME_MEMBERSHIP_FILE = 'cryptalk-frame-group-membership.js';
/**
 * The rooms' call wire code beside the Worker (the SDK's `loadRoomCallWire()`: call signal fragments, the relay's
 * `/calls/*` credentials): loaded the first time a room sends a call signal, receives one while someone listens
 * (the Worker forwards every room's signals to the page), or asks for call credentials. A chat that never calls
 * never downloads it.
 */
export const WORKER_CALL_WIRE_FILE = 'cryptalk-worker-room-call-wire.js';
/** The call wire code beside the client chunk (the `same` placement), as {@link WORKER_CALL_WIRE_FILE}. */
export const CLIENT_CALL_WIRE_FILE = 'cryptalk-client-room-call-wire.js';
/** The call wire code beside the frame, as {@link WORKER_CALL_WIRE_FILE}. */
export const FRAME_CALL_WIRE_FILE = 'cryptalk-frame-room-call-wire.js';
/**
 * The passphrase wrapping of a store's database key (`sdk/src/crypto/at-rest/passphrase-wrap.ts`), beside the
 * Worker: only a store opened with a passphrase loads it, and the widget's own store never is (a non-extractable
 * WebCrypto key wraps its key).
 */
export const WORKER_PASSPHRASE_FILE = 'cryptalk-worker-passphrase-wrap.js';
/** The passphrase wrapping beside the client chunk (the `same` placement), as {@link WORKER_PASSPHRASE_FILE}. */
export const CLIENT_PASSPHRASE_FILE = 'cryptalk-client-passphrase-wrap.js';
/** The passphrase wrapping beside the frame, as {@link WORKER_PASSPHRASE_FILE}. */
export const FRAME_PASSPHRASE_FILE = 'cryptalk-frame-passphrase-wrap.js';
/**
 * The records of interrupted uploads (`sdk/src/rooms/upload-cleanup.ts`, `upload-store.ts`), beside the Worker:
 * loaded by a room's first file sent, its list of pending uploads, or the drop or purge of a room that has some.
 */
export const WORKER_UPLOADS_FILE = 'cryptalk-worker-upload-cleanup.js';
/** The upload records beside the client chunk (the `same` placement), as {@link WORKER_UPLOADS_FILE}. */
export const CLIENT_UPLOADS_FILE = 'cryptalk-client-upload-cleanup.js';
/** The upload records beside the frame, as {@link WORKER_UPLOADS_FILE}. */
export const FRAME_UPLOADS_FILE = 'cryptalk-frame-upload-cleanup.js';
/** The device store's migrations (`sdk/src/store/migrations.ts`), beside the Worker: loaded by a store an older build wrote. */
export const WORKER_MIGRATIONS_FILE = 'cryptalk-worker-migrations.js';
/** The store's migrations beside the client chunk (the `same` placement), as {@link WORKER_MIGRATIONS_FILE}. */
export const CLIENT_MIGRATIONS_FILE = 'cryptalk-client-migrations.js';
/** The store's migrations beside the frame, as {@link WORKER_MIGRATIONS_FILE}. */
export const FRAME_MIGRATIONS_FILE = 'cryptalk-frame-migrations.js';
/**
 * What creating a group or an MLS member runs (`sdk/src/crypto/group/mls-create.ts`: ts-mls's `createGroup` and
 * `generateKeyPackage`, with their own copy of the ts-mls modules they reach, see {@link lazyTsMlsCopy}), beside
 * the Worker: loaded when a room is created or a device makes its MLS member, which for the widget is a device's
 * first visit (the client starts loading it as it opens without rooms). A returning visitor's open never runs it.
 */
export const WORKER_CREATE_FILE = 'cryptalk-worker-mls-create.js';
/** The creation code beside the client chunk (the `same` placement), as {@link WORKER_CREATE_FILE}. */
export const CLIENT_CREATE_FILE = 'cryptalk-client-mls-create.js';
/** The creation code beside the frame, as {@link WORKER_CREATE_FILE}. */
export const FRAME_CREATE_FILE = 'cryptalk-frame-mls-create.js';
/** ML-KEM-768 beside the client chunk (the `same` placement), as {@link WORKER_ML_KEM_FILE}. */
export const CLIENT_ML_KEM_FILE = 'cryptalk-client-ml-kem.js';
/**
 * noble's X25519 and Ed25519 (`@noble/curves`, with the SDK's synchronous wrappers: the SDK's `loadSyncCurves()`)
 * beside the Worker. The group rooms run both curves on WebCrypto; this loads only where WebCrypto lacks one
 * (or refuses a key), to decide a signature WebCrypto did not accept, and with the 1:1 rooms, which import it.
 */
export const WORKER_CURVES_FILE = 'cryptalk-worker-sync-curves.js';
/** noble's curves beside the client chunk (the `same` placement), as {@link WORKER_CURVES_FILE}. */
export const CLIENT_CURVES_FILE = 'cryptalk-client-sync-curves.js';
/** noble's curves beside the frame, as {@link WORKER_CURVES_FILE} (the relay serves it under `/embed/`). */
export const FRAME_CURVES_FILE = 'cryptalk-frame-sync-curves.js';
/**
 * The chunked attachment transfer (encrypt, upload, download, decrypt: the SDK's `loadTransfer()`), beside
 * the Worker: loaded when a file is first sent or downloaded, or a link preview uploads its image.
 */
export const WORKER_TRANSFER_FILE = 'cryptalk-worker-transfer.js';
/** The attachment transfer beside the client chunk (the `same` placement), as {@link WORKER_TRANSFER_FILE}. */
export const CLIENT_TRANSFER_FILE = 'cryptalk-client-transfer.js';
/** The QR encoder (`uqr`) beside the UI, loaded when `<cryptalk-invite>` first shows a link. */
export const UI_QR_FILE = 'cryptalk-ui-qr-path.js';
/**
 * The message list's virtual list (@lit-labs/virtualizer and the chat's flow layout,
 * widget/src/components/message-list/virtual.ts) beside the UI, loaded when a room's list first holds more than
 * `MESSAGE_LIST_PLAIN_MAX` (80) messages: a room opened with fewer shows them as plain rows and never downloads it.
 */
export const UI_VIRTUAL_FILE = 'cryptalk-ui-virtual.js';
/**
 * The SDK's error classes the UI revives a Worker's errors as (`ClientError`, `StoreError`, `ProtocolError`,
 * the `CryptoError` family and the error codec that knows them: `sdk/src/remote/error-codec.ts`) beside the UI,
 * loaded when the first error of one of those classes arrives (`sdk/src/remote/revive-error-lazily.ts`): a chat
 * whose commands all succeed never downloads it. The `same` and `frame` placements run the SDK on the page and
 * need no reviving.
 */
export const UI_ERRORS_FILE = 'cryptalk-ui-error-codec.js';
/**
 * The panel's call session (widget/src/components/panel/panel-call-session.ts: loading the calls chunk, the
 * call's state, the ring's announcement, the ringing card, the call view, the "call in progress" bar and their
 * styles) beside the UI, loaded when a call first starts or rings, with `cryptalk-calls.js`; the header's call
 * buttons, the live region, the failure bar and the ring detection stay in the UI. A chat in which no call starts
 * or rings never downloads it.
 */
export const UI_CALL_SESSION_FILE = 'cryptalk-ui-panel-call-session.js';
/**
 * The rendering of messages that carry an escrow offer (widget/src/components/message-list/offer-content.ts,
 * its strings, styles and the offer text helpers) beside the UI, loaded when a message list first shows such a
 * message (a plain placeholder holds the row meanwhile); it loads the escrow chunk in turn.
 */
export const UI_OFFER_CONTENT_FILE = 'cryptalk-ui-offer-content.js';
/**
 * Lit's `AsyncDirective` beside the UI, which only its lazy chunks use (the virtual list's `virtualize`, the
 * offer rendering): imported by them, never by a first open.
 */
export const UI_ASYNC_DIRECTIVE_FILE = 'cryptalk-ui-async-directive.js';
/**
 * The strings of each shipped locale other than English (English is built into the UI), beside the UI:
 * loaded with the UI when the widget's `locale` (or the browser's language) asks for one, or when it changes.
 */
export const UI_LOCALE_FILES = {
  de: 'cryptalk-ui-de.js',
  ar: 'cryptalk-ui-ar.js',
  ja: 'cryptalk-ui-ja.js',
};
/** Gzip budget of each locale's strings (measured 1.2–1.4 KB). */
const LOCALE_BUDGET = 2 * 1024;
/**
 * Gzip budgets of the chunks above (measured: ML-KEM 5.6 KB, transfer 3.3 KB, QR 3.8 KB, 1:1 rooms 8.5 KB,
 * noble's AES-GCM 2.5 KB, noble's curves 10.1 KB, virtual list 8.3 KB, link-preview fetching 2.0 KB, in-memory
 * store 1.7 KB, membership code with the HPKE framing and ts-mls's commit, join and message processing 24.3 KB,
 * call wire 1.9 KB).
 */
const ML_KEM_BUDGET = 6 * 1024;
const AES_BUDGET = 3 * 1024;
const PREVIEW_BUDGET = 2.5 * 1024;
const MEMORY_STORE_BUDGET = 2.5 * 1024;
/** Gzip budget of Dexie's chunk (measured 28.8 KB, nearly all of it Dexie 4.4.7). */
const DEXIE_BUDGET = 30 * 1024;
/**
 * Gzip budget of the membership chunk (measured 24.3 KB: the rooms' membership code, 3.0 KB, with the HPKE
 * framing and its own copy of ts-mls's commit, join and message processing, see {@link lazyTsMlsCopy}; the HPKE
 * chunk alone was 21.3 KB, 8.3 KB when it shared ts-mls with the first open).
 */
const MEMBERSHIP_BUDGET = 25 * 1024;
const CALL_WIRE_BUDGET = 2.5 * 1024;
/** Gzip budgets of the passphrase wrapping (measured 1.2 KB), the upload records (0.7 KB) and the store's migrations (0.6 KB). */
const PASSPHRASE_BUDGET = 1.5 * 1024;
const UPLOADS_BUDGET = 1024;
const MIGRATIONS_BUDGET = 1024;
/** Gzip budget of the creation code (measured 4.2 KB: ts-mls's `createGroup` and key package generation). */
const CREATE_BUDGET = 5 * 1024;
const CURVES_BUDGET = 11 * 1024;
const DIRECT_BUDGET = 9 * 1024;
const TRANSFER_BUDGET = 4 * 1024;
const QR_BUDGET = 4.5 * 1024;
const VIRTUAL_BUDGET = 9 * 1024;
/** Gzip budget of the SDK's error classes beside the UI (measured 2.9 KB). */
const ERRORS_BUDGET = 3.5 * 1024;
/** Gzip budget of the panel's call session (measured 1.5 KB with the call layer's styles; 1.2 KB without). */
const CALL_SESSION_BUDGET = 2 * 1024;
/** Gzip budget of the offer rendering (measured 2.3 KB). */
const OFFER_CONTENT_BUDGET = 3 * 1024;
/** Gzip budget of Lit's `AsyncDirective` on its own (measured 0.6 KB). */
const ASYNC_DIRECTIVE_BUDGET = 1024;

/** The escrow chunk (card + ethers + sdk/escrow), loaded the first time a message needs an escrow card. */
export const ESCROW_FILE = 'cryptalk-escrow.js';

/** Gzip budget of the escrow chunk in bytes (ethers v6 is most of it; measured 148 KB). Checked by widget/src/bundle-size.test.ts. */
const ESCROW_BUDGET = 160 * 1024;
/** The calls chunk (call button, incoming call, call view, device picker), loaded when a call starts or rings. */
export const CALLS_FILE = 'cryptalk-calls.js';
/** Gzip budget of the calls chunk in bytes (Lit is most of it). Checked by widget/src/bundle-size.test.ts. */
const CALLS_BUDGET = 24 * 1024;
/**
 * LiveKit's end-to-end media encryption Worker (`livekit-client/e2ee-worker`), beside the calls chunk so it
 * starts same-origin under `worker-src 'self'`; the calls chunk's `e2eeWorkerUrl()` resolves it. Loaded by URL,
 * not imported: build.json lists it under `workers` of the chunks that start it ({@link WORKERS_BY_URL}), so
 * the relay serves it beside the `frame` placement's calls chunks.
 */
export const E2EE_WORKER_FILE = 'cryptalk-e2ee-worker.js';
/** Gzip budget of the E2EE Worker in bytes (all of it is livekit-client's worker). */
const E2EE_WORKER_BUDGET = 64 * 1024;
/**
 * The page's call engine (the SDK's `CallManager` with P2P WebRTC, the environment over the chat backend's
 * `call*` members, the SDK-call adapter), imported by the calls chunk's `enableBackendCalls` when a room's
 * calls are first set up. Backends that are call-capable on their own never load it.
 */
export const CALL_ENGINE_FILE = 'cryptalk-call-engine.js';
/** Gzip budget of the call engine in bytes (measured 10.5 KB). */
const CALL_ENGINE_BUDGET = 16 * 1024;
/**
 * The SFU part of calls (`livekit-client`, the SDK's SFU session, its key provider and the media-key HKDF),
 * imported by the calls chunk only when a call starts (to pre-warm the SFU) or moves to the SFU.
 */
export const SFU_FILE = 'cryptalk-sfu.js';
/** Gzip budget of the SFU chunk in bytes (livekit-client is nearly all of it; measured 146 KB). */
const SFU_BUDGET = 160 * 1024;

/**
 * The SDK's lazy chunks, each built three times: beside the Worker (`worker` placement), the client chunk
 * (`same`) and the frame (`frame`). Their three file names, in that order, by chunk.
 */
export const SDK_CHUNKS = {
  mlKem: [WORKER_ML_KEM_FILE, CLIENT_ML_KEM_FILE, FRAME_ML_KEM_FILE],
  direct: [WORKER_DIRECT_FILE, CLIENT_DIRECT_FILE, FRAME_DIRECT_FILE],
  transfer: [WORKER_TRANSFER_FILE, CLIENT_TRANSFER_FILE, FRAME_TRANSFER_FILE],
  aes: [WORKER_AES_FILE, CLIENT_AES_FILE, FRAME_AES_FILE],
  preview: [WORKER_PREVIEW_FILE, CLIENT_PREVIEW_FILE, FRAME_PREVIEW_FILE],
  memoryStore: [WORKER_MEMORY_STORE_FILE, CLIENT_MEMORY_STORE_FILE, FRAME_MEMORY_STORE_FILE],
  dexie: [WORKER_DEXIE_FILE, CLIENT_DEXIE_FILE, FRAME_DEXIE_FILE],
  membership: [WORKER_MEMBERSHIP_FILE, CLIENT_MEMBERSHIP_FILE, FRAME_MEMBERSHIP_FILE],
  callWire: [WORKER_CALL_WIRE_FILE, CLIENT_CALL_WIRE_FILE, FRAME_CALL_WIRE_FILE],
  curves: [WORKER_CURVES_FILE, CLIENT_CURVES_FILE, FRAME_CURVES_FILE],
  passphrase: [WORKER_PASSPHRASE_FILE, CLIENT_PASSPHRASE_FILE, FRAME_PASSPHRASE_FILE],
  uploads: [WORKER_UPLOADS_FILE, CLIENT_UPLOADS_FILE, FRAME_UPLOADS_FILE],
  migrations: [WORKER_MIGRATIONS_FILE, CLIENT_MIGRATIONS_FILE, FRAME_MIGRATIONS_FILE],
  create: [WORKER_CREATE_FILE, CLIENT_CREATE_FILE, FRAME_CREATE_FILE],
};

/** The same budget for each of `files`, as entries of {@link BUDGETS}. */
const budgetEach = (files, budget) => Object.fromEntries(files.map((file) => [file, budget]));

/**
 * Size budgets in bytes of gzip (level 9) of each file, checked by widget/src/bundle-size.test.ts.
 *
 * The page's chat core holds the UI only (Lit, the components: about 27 KB). The SDK (client, ts-mls, noble's
 * ciphers and hashes, the IndexedDB store) is in the Worker for the default `worker` placement and in the client chunk for `same`; a
 * first open downloads the core plus one of them (see {@link FIRST_OPEN}), not the core alone. Code the first
 * open of a group room never runs is split into lazy chunks beside them: the passphrase KDFs, the 1:1 rooms and
 * ML-KEM-768 they use, noble's curves (WebCrypto does X25519 and Ed25519), a group's membership code with the HPKE
 * framing (only joins, commits and Welcomes use them), the attachment transfer, the link-preview fetching, the rooms' call wire code, the in-memory
 * store, Dexie (only creating or upgrading the device store's database needs it), the invite's QR encoder and the
 * message list's virtual list.
 */
export const BUDGETS = {
  [LOADER_FILE]: 6 * 1024,
  [CORE_FILE]: 1024,
  // measured 25.2 KB with the served .gz (26.2 KB with zlib -9; 26.9 KB with zlib -9 before its templates were
  // minified and the call session took the call layer's styles); with zlib -9 before the precompressed files:
  // 26.8 KB (28.5 KB before the offer rendering, and with it Lit's AsyncDirective, moved out, 29.3 KB
  // before the panel's call session did, 31.1 KB before the SDK's error classes did, 39.1 KB before the virtual list did, 40.7 KB before the demo backend did, 42.2 KB before the
  // SDK's unused modules were dropped with their top-level code; 48.5 KB before the QR encoder and the
  // non-English strings moved out)
  [UI_FILE]: 25.7 * 1024,
  [UI_ERRORS_FILE]: ERRORS_BUDGET,
  [UI_CALL_SESSION_FILE]: CALL_SESSION_BUDGET,
  [FRAME_CALL_SESSION_FILE]: CALL_SESSION_BUDGET,
  [UI_OFFER_CONTENT_FILE]: OFFER_CONTENT_BUDGET,
  [FRAME_OFFER_CONTENT_FILE]: OFFER_CONTENT_BUDGET,
  [UI_ASYNC_DIRECTIVE_FILE]: ASYNC_DIRECTIVE_BUDGET,
  [FRAME_ASYNC_DIRECTIVE_FILE]: ASYNC_DIRECTIVE_BUDGET,
  // measured 64.1 KB with the served .gz (Zopfli; 65.4 KB before group and member creation moved out, 67.5 KB
  // before the group rooms' membership code moved to the HPKE chunk); with zlib -9, before the precompressed files: 72.4 KB (79.9 KB before the HPKE chunk got its own copy of ts-mls; ts-mls's commit, join and whole
  // message processing moved to the HPKE chunk: 81.8 KB before; Dexie moved out: 28.8 KB, loaded on a device's first open only); 109.4 KB on 27 Nov, last session (117.5 KB at its start: the in-memory store, node:crypto's backend,
  // the HPKE framing and the call wire code moved out); 132.2 KB before, 147.1 KB before ML-KEM and the attachment
  // transfer moved out (the history of each step is in docs/widget.md, "Sizes")
  [WORKER_FILE]: 64.5 * 1024,
  // measured 61.3 KB with the served .gz (62.6 KB before creation moved out, 64.7 KB before the membership code did); with zlib -9: 69.4 KB
  // (77.0 KB before the HPKE chunk's own ts-mls, 78.8 KB before ts-mls's processing moved out) with Dexie out; 106.3 KB before (114.4 KB at the start of 27 Nov's last session; 143.1 KB before the lazy chunks)
  [CLIENT_FILE]: 61.8 * 1024,
  // the SDK's lazy chunks, beside each of its three files
  ...budgetEach(SDK_CHUNKS.mlKem, ML_KEM_BUDGET),
  ...budgetEach(SDK_CHUNKS.direct, DIRECT_BUDGET),
  ...budgetEach(SDK_CHUNKS.transfer, TRANSFER_BUDGET),
  ...budgetEach(SDK_CHUNKS.aes, AES_BUDGET),
  ...budgetEach(SDK_CHUNKS.preview, PREVIEW_BUDGET),
  ...budgetEach(SDK_CHUNKS.memoryStore, MEMORY_STORE_BUDGET),
  ...budgetEach(SDK_CHUNKS.dexie, DEXIE_BUDGET),
  ...budgetEach(SDK_CHUNKS.membership, MEMBERSHIP_BUDGET),
  ...budgetEach(SDK_CHUNKS.callWire, CALL_WIRE_BUDGET),
  ...budgetEach(SDK_CHUNKS.passphrase, PASSPHRASE_BUDGET),
  ...budgetEach(SDK_CHUNKS.uploads, UPLOADS_BUDGET),
  ...budgetEach(SDK_CHUNKS.migrations, MIGRATIONS_BUDGET),
  ...budgetEach(SDK_CHUNKS.create, CREATE_BUDGET),
  ...budgetEach(SDK_CHUNKS.curves, CURVES_BUDGET),
  // measured 2.0 KB
  [WORKER_MEMORY_FILE]: 2.5 * 1024,
  [UI_MEMORY_FILE]: 2.5 * 1024,
  [UI_QR_FILE]: QR_BUDGET,
  [UI_VIRTUAL_FILE]: VIRTUAL_BUDGET,
  ...budgetEach(Object.values(UI_LOCALE_FILES), LOCALE_BUDGET),
  // measured 84.8 KB with the served .gz (86.0 KB before creation moved out, 88.2 KB before the membership code did); with zlib -9: 94.5 KB
  // (102.2 KB before the HPKE chunk's own ts-mls, 104.1 KB before ts-mls's processing moved out) with Dexie out; 131.7 KB before (142.3 KB at the start of 27 Nov's last session; 165.2 KB at the start of the one before;
  // 193.5 KB when its lazy imports were inlined)
  [FRAME_FILE]: 85.3 * 1024,
  [FRAME_QR_FILE]: QR_BUDGET,
  [FRAME_VIRTUAL_FILE]: VIRTUAL_BUDGET,
  ...budgetEach(Object.values(FRAME_LOCALE_FILES), LOCALE_BUDGET),
  [ESCROW_FILE]: ESCROW_BUDGET,
  [CALLS_FILE]: CALLS_BUDGET,
  [E2EE_WORKER_FILE]: E2EE_WORKER_BUDGET,
  [CALL_ENGINE_FILE]: CALL_ENGINE_BUDGET,
  [SFU_FILE]: SFU_BUDGET,
};

/**
 * The entry files a first open downloads, by placement, beside the loader: the UI core and the SDK's file.
 * Each counts with the chunks it imports statically ({@link staticClosure}); lazy chunks (`import()`) load
 * only when used. The `frame` placement downloads `cryptalk-frame.js` (and its lazy chunks when used) from the
 * relay instead.
 */
export const FIRST_OPEN = {
  worker: [CORE_FILE, UI_FILE, WORKER_FILE],
  same: [CORE_FILE, UI_FILE, CLIENT_FILE],
  frame: [FRAME_FILE],
};

/** Issue #6's target for the chat core (UI + SDK + crypto) a first open downloads, in bytes of gzip. */
export const FIRST_OPEN_TARGET = 90 * 1024;

/**
 * Gzip budget of each placement's first open (the {@link FIRST_OPEN} files and their static imports), in
 * bytes: the measured size plus a small margin, so a regression fails widget/src/bundle-size.test.ts; never
 * above {@link FIRST_OPEN_TARGET}, which every placement now meets (docs/widget.md, "Sizes").
 */
export const FIRST_OPEN_BUDGETS = {
  // Measured 89.9 KB with the served .gz, within the target (core entry 0.6 + UI 25.2 + Worker 64.1; 91.2 KB
  // before group and member creation moved to their own chunk, 93.3 KB before the group rooms'
  // membership code moved to the HPKE chunk, 95.6 KB when the build began serving precompressed files). With
  // zlib -9: 95.4 KB now; 99.9 KB (core entry 0.6 + UI 26.9 + Worker 72.4) before 27 Nov's seventh session, 107.5 KB before the HPKE chunk got its own copy
  // of ts-mls, 109.2 KB before ts-mls's commit and message processing moved to the HPKE chunk); a device's first open adds Dexie (28.8 KB) to create the database. 136.7 KB before Dexie moved out, 149.1 KB at the start of 27 Nov's last session,
  // 173.4 KB at the start of the one before, 196.1 KB before the lazy chunks of issue #6. A non-English locale adds
  // its strings (1.2–1.4 KB), loaded beside the Worker; a room of more than 80 messages the virtual list (8.3 KB).
  // Each step: docs/widget.md, "Sizes".
  worker: FIRST_OPEN_TARGET,
  // Measured 87.1 KB with the served .gz, within the target (core entry 0.6 + UI 25.2 + client 61.3; 88.4 KB
  // before creation moved out, 90.5 KB
  // before the membership code moved out). With zlib -9: 92.4 KB now, 96.9 KB (core entry 0.6 + UI 26.9 + client 69.4; 104.5 KB before the HPKE chunk's own ts-mls, 106.1 KB before ts-mls's processing moved out); 133.6 KB before Dexie moved out, 146.1 KB at the start of 27 Nov's last session.
  same: 87.5 * 1024,
  // Measured 84.8 KB with the served .gz (86.0 KB before creation moved out, 88.2 KB before the membership code did). With zlib -9: 90.0 KB now, 94.5 KB
  // (102.2 KB before the HPKE chunk's own ts-mls, 104.1 KB before ts-mls's processing moved out, 131.7 KB before Dexie did): the frame's lazy chunks sit beside it, served by the relay under `/embed/`
  // (relay/src/features/embed); 142.3 KB at the start of 27 Nov's last session.
  frame: 85.3 * 1024,
};

/**
 * Every file `entry` loads before it runs: itself and, transitively, its static imports (not `import()`).
 * @param {Record<string, { imports: readonly string[] }>} chunks - output file name → its static imports.
 * @param {string} entry - an output file name.
 * @returns {string[]} the file names, `entry` first.
 */
export function staticClosure(chunks, entry) {
  const seen = new Set([entry]);
  for (const file of seen) for (const dep of chunks[file]?.imports ?? []) seen.add(dep);
  return [...seen];
}

/**
 * The file in each output folder that lists what every script-tag file loads (read by the size test and by the
 * relay, which serves the frame's files from it). Its format, one entry per JavaScript file written:
 *
 *   { "<file>": { "imports": ["<file>"…], "dynamicImports": ["<file>"…], "workers": ["./<file>"…],
 *                 "modules": ["<source path>"…] } }
 *
 * `imports` are static imports, `dynamicImports` `import()`s (both as rollup reports them: names beside the
 * file, `./`-prefixed for the chunks mapped by `output.paths`, bare for externals); `workers` are files the
 * file does not import but starts by URL beside itself (`new Worker(new URL(name, import.meta.url))`, see
 * {@link WORKERS_BY_URL}), so a reader that serves a file's closure (relay/src/features/embed) serves them too.
 * `modules` are the source modules whose code is in the file (after tree-shaking), as paths from the repository
 * root (`node_modules/@noble/curves/ed25519.js`, `sdk/src/…`): what the size test checks a first open leaves out.
 */
export const BUILD_INFO_FILE = 'build.json';

/** The repository root, which {@link chunkModules} paths are relative to. */
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The source modules whose code is in a chunk (rendered, so not tree-shaken away), as `/`-separated paths from
 * the repository root; rollup's virtual modules (`\0…`) are left out.
 * @param {import('rollup').OutputChunk} chunk
 * @returns {string[]}
 */
export function chunkModules(chunk) {
  return Object.entries(chunk.modules)
    .filter(([id, m]) => !id.startsWith('\0') && m.renderedLength > 0)
    .map(([id]) => relative(REPO_ROOT, id).replaceAll('\\', '/'));
}

/**
 * Workers started by URL, not imported: the source module that resolves the URL → the file it names. A file
 * whose output holds that module lists the Worker under `workers` in {@link BUILD_INFO_FILE}.
 */
export const WORKERS_BY_URL = {
  // createE2eeWorker() / e2eeWorkerUrl(): `new URL('cryptalk-e2ee-worker.js', import.meta.url)`
  'widget/src/calls/e2ee-worker-url.ts': E2EE_WORKER_FILE,
};

/**
 * The Workers a chunk starts by URL ({@link WORKERS_BY_URL}), as `./<file>` beside it.
 * @param {import('rollup').OutputChunk} chunk
 * @returns {string[]}
 */
export function chunkWorkers(chunk) {
  const out = [];
  for (const [source, file] of Object.entries(WORKERS_BY_URL)) {
    const id = Object.keys(chunk.modules).find((m) => m.replaceAll('\\', '/').endsWith(`/${source}`));
    // Only when its code is in the output (not tree-shaken away).
    if (id !== undefined && chunk.modules[id].renderedLength > 0) out.push(`./${file}`);
  }
  return out;
}

/**
 * Records each written file's static and dynamic imports and the Workers it starts by URL in
 * {@link BUILD_INFO_FILE} beside it, merged with what the other configs wrote, so whichever command built
 * widget/dist (`rollup -c` or widget/scripts/build.mjs), the size test can measure the files as shipped without
 * building them again, and the relay knows every file the frame loads.
 * @returns {import('rollup').Plugin}
 */
const buildInfo = () => ({
  name: 'cryptalk-build-info',
  writeBundle(options, bundle) {
    const path = join(options.dir ?? dirname(options.file ?? '.'), BUILD_INFO_FILE);
    let info = {};
    try {
      info = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      // first config of a build into an empty folder
    }
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      info[chunk.fileName] = {
        imports: chunk.imports.filter((i) => !i.includes(':')),
        dynamicImports: chunk.dynamicImports.filter((i) => !i.includes(':')),
        workers: chunkWorkers(chunk),
        modules: chunkModules(chunk),
      };
    }
    writeFileSync(path, `${JSON.stringify(info, null, 2)}\n`);
  },
});

/**
 * The SDK's `node:crypto` backend (`sdk/src/crypto/primitives/native.ts`), which no browser can use, swapped for
 * its browser build (`native-browser.ts`: the same exports, never active), so the wrappers' native branches and
 * the OpenSSL code behind them fold away in every browser file.
 * @returns {import('rollup').Plugin}
 */
const sdkBrowserFiles = () => ({
  name: 'cryptalk-sdk-browser-files',
  async resolveId(source, importer, options) {
    if (!importer?.includes('/sdk/src/crypto/primitives/') || !/^\.\/native\.(js|ts)$/.test(source))
      return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved ? resolved.id.replace(/\/native\.ts$/, '/native-browser.ts') : null;
  },
});

/** The id suffix that marks a module as the HPKE chunk's own copy (see {@link lazyTsMlsCopy}; the creation chunk's copies end in `?cryptalk-create-copy`). */
const LAZY_COPY = '?cryptalk-hpke-copy';
/** The lazy entries that get their own copy of ts-mls, with the id suffix that marks each copy. */
const LAZY_COPIES = [
  { entry: '/sdk/src/crypto/group/hpke-cipher-suite.ts', suffix: LAZY_COPY },
  { entry: '/sdk/src/crypto/group/mls-create.ts', suffix: '?cryptalk-create-copy' },
];

/**
 * Gives the HPKE chunk (`sdk/src/crypto/group/hpke-cipher-suite.ts`) its own copy of ts-mls, and the creation
 * chunk (`mls-create.ts`: `createGroup`, `generateKeyPackage`) another.
 *
 * Rollup puts each module in one chunk, whole, with every export any chunk uses. ts-mls's commit, join and full
 * message processing (`createCommit`, `joinGroup`, `processMessage`) travel in the HPKE chunk, but they share
 * modules with what every open runs (`createGroup`, the state codec, the application-message path): ts-mls's
 * `clientState.js`, `ratchetTree.js`, `updatePath.js` and others. Those modules stayed in the first open with
 * the commit code in them. Here every ts-mls module the HPKE chunk reaches is loaded a second time under an id
 * ending in {@link LAZY_COPY}, so each copy is tree-shaken to what its own chunk calls.
 *
 * It is safe because ts-mls keeps no module state (no `let` at module level, no caches, no `Symbol()`, no class
 * but its errors) and the SDK imports none of its error classes: the two copies exchange plain data (group
 * states, messages) only. `widget/src/lazy-ts-mls-copy.test.ts` checks both conditions against the installed
 * ts-mls; `widget/src/bundle-size.test.ts` checks that the commit code stays out of the first open.
 * @returns {import('rollup').Plugin}
 */
const lazyTsMlsCopy = () => ({
  name: 'cryptalk-lazy-ts-mls-copy',
  async resolveId(source, importer, options) {
    if (!importer) return null;
    const copy = LAZY_COPIES.find((c) => importer.endsWith(c.suffix) || importer.endsWith(c.entry));
    if (!copy) return null;
    const inCopy = importer.endsWith(copy.suffix);
    const from = inCopy ? importer.slice(0, -copy.suffix.length) : importer;
    const resolved = await this.resolve(source, from, { ...options, skipSelf: true });
    if (!resolved || resolved.external || !resolved.id.includes('/node_modules/ts-mls/')) return null;
    // (Rollup may ask twice for one import: a copy's id is returned as it is.)
    return resolved.id.endsWith(copy.suffix) ? resolved.id : `${resolved.id}${copy.suffix}`;
  },
  load(id) {
    const copy = LAZY_COPIES.find((c) => id.endsWith(c.suffix));
    return copy ? readFileSync(id.slice(0, -copy.suffix.length), 'utf8') : null;
  },
});

/** The id suffix of the one lazy entry of the HPKE framing and the membership code (see {@link membershipWithHpke}). */
const WITH_HPKE = '?cryptalk-with-hpke';

/**
 * Puts a group room's membership code (`sdk/src/rooms/group-membership.ts`, loaded by `load-membership.ts`) and
 * the HPKE framing (`sdk/src/crypto/group/hpke-cipher-suite.ts`, loaded by `load-hpke.ts`) in one lazy chunk.
 *
 * Every membership action (a join, an admission, a removal, a key update) also commits or processes a Welcome,
 * which needs the HPKE framing and ts-mls's commit code: as two chunks, a join or a first admission would
 * download two files one after the other. The SDK keeps them apart (the crypto core imports nothing of the rooms
 * layer); here both loaders' `import()` resolve to one entry that re-exports the two modules, so whichever runs
 * first loads both, and the other finds them loaded. The chunk is named for the membership code
 * (`cryptalk-worker-group-membership.js`).
 * @returns {import('rollup').Plugin}
 */
const membershipWithHpke = () => ({
  name: 'cryptalk-membership-with-hpke',
  resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string' || !importer) return null;
    const at = importer.lastIndexOf('/sdk/src/');
    if (at < 0) return null;
    const rest = importer.slice(at + '/sdk/src/'.length);
    const ours =
      (rest === 'crypto/group/load-hpke.ts' && /^\.\/hpke-cipher-suite\.(js|ts)$/.test(specifier)) ||
      (rest === 'rooms/load-membership.ts' && /^\.\/group-membership\.(js|ts)$/.test(specifier));
    return ours ? `${importer.slice(0, at)}/sdk/src/rooms/group-membership.ts${WITH_HPKE}` : null;
  },
  resolveId(source) {
    return source.endsWith(WITH_HPKE) ? source : null;
  },
  load(id) {
    if (!id.endsWith(WITH_HPKE)) return null;
    const membership = id.slice(0, -WITH_HPKE.length);
    const hpke = membership.replace(/\/rooms\/group-membership\.ts$/, '/crypto/group/hpke-cipher-suite.ts');
    return `export * from ${JSON.stringify(hpke)};\nexport * from ${JSON.stringify(membership)};\n`;
  },
});

/**
 * @param {import('rollup').Plugin[]} [extra] - plugins after the shared ones.
 * @param {number} [passes] - Terser compress passes: 3 for the loader, whose every byte counts against its 6 KB
 *   budget (≈ 30 bytes fewer); 1 elsewhere, where more passes only cost build time.
 */
/**
 * Terser's compression passes for the files a first open downloads (the core, the UI, the Worker, the client
 * chunk, the frame, and their lazy chunks): 3 instead of 1 saves ≈ 0.2 KB gzip of the first open. The large lazy
 * files (escrow, SFU) keep 1 pass, which builds faster and gains nothing measurable on them.
 */
const FIRST_OPEN_PASSES = 3;

/** A quoted CSS string (kept as written) or a run of whitespace. */
const CSS_STRING_OR_SPACE = /("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|\s+/g;
/** A quoted CSS string or one space beside `{`, `}`, `;`, `,` or after `:`. */
const CSS_STRING_OR_PUNCTUATION_SPACE = /("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')| ?([{};,]) ?|(:) /g;

/**
 * Removes what is only layout in a `css` template's text (with its `${…}` parts as placeholders): each run of
 * whitespace becomes one space, then the space beside `{ } ; ,` and after `:` goes. Quoted strings stay as they
 * are; nothing else is rewritten (no shorthand, no reordering), so every rule means what it meant.
 * @param {string} css
 * @returns {string}
 */
export function collapseCss(css) {
  return css
    .replace(CSS_STRING_OR_SPACE, (_, string) => string ?? ' ')
    .replace(CSS_STRING_OR_PUNCTUATION_SPACE, (_, string, mark, colon) => string ?? mark ?? colon)
    .trim();
}

/**
 * Minifies the markup and styles of the widget's Lit templates (`html`…``, `css`…``) with Lit Labs' plugin,
 * which Terser leaves as written: ≈ 0.5 KB gzip of the UI. Markup goes through html-minifier-next with
 * whitespace collapsed conservatively (a run becomes one space, never nothing, so inline elements keep their
 * gaps); styles through {@link collapseCss} (Lightning CSS, the plugin's default, cannot parse the values the
 * templates interpolate). A template it cannot minify fails the build instead of shipping unminified.
 * @returns {import('rollup').Plugin}
 */
const minifyWidgetTemplates = () =>
  minifyTemplates({
    include: ['widget/src/**/*.ts', '**/widget/src/**/*.ts'],
    failOnError: true,
    options: { minifyOptions: { conservativeCollapse: true, minifyCSS: collapseCss } },
  });

const plugins = (extra = [], passes = 1) => [
  sdkBrowserFiles(),
  lazyTsMlsCopy(),
  minifyWidgetTemplates(),
  membershipWithHpke(),
  nodeResolve({ exportConditions: ['source', 'browser'], extensions: ['.ts', '.js', '.mjs'] }),
  esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json', sourceMap: true }),
  terser({ format: { comments: false }, ecma: 2020, module: true, compress: { passes } }),
  buildInfo(),
  precompressOutput(),
  ...extra,
];

const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules')))
    return;
  warn(warning);
};

/**
 * ethers v6 swaps its Node-only files (ws, node:crypto, …) for browser ones through package.json `browser`,
 * which node-resolve ignores for packages with `exports`: apply that map to the escrow chunk.
 * @returns {import('rollup').Plugin}
 */
const ethersBrowserFiles = () => ({
  name: 'cryptalk-ethers-browser-files',
  async resolveId(source, importer, options) {
    if (!importer?.includes('/node_modules/ethers/lib.esm/')) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    const swapped = resolved?.id.replace(
      /\/lib\.esm\/(crypto\/crypto|providers\/ws|providers\/provider-ipcsocket|utils\/base64|utils\/geturl|wordlists\/wordlists)\.js$/,
      '/lib.esm/$1-browser.js',
    );
    return swapped && swapped !== resolved?.id ? swapped : null;
  },
});

/**
 * The panel loads the calls chunk with `import('…/calls/chunk.js')` (split by bundlers, see
 * widget/src/components/panel/panel-calls-controller.ts). The script-tag files inline their dynamic imports,
 * so here that import becomes one of `cryptalk-calls.js` beside the built file: the core stays free of calls code.
 * @returns {import('rollup').Plugin}
 */
const callsChunkBeside = () => ({
  name: 'cryptalk-calls-chunk-beside',
  resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string' || !importer?.includes('/widget/src/')) return null;
    return /(^|\/)calls\/chunk\.(js|ts)$/.test(specifier) ? { id: CALLS_CHUNK_ID, external: true } : null;
  },
});
/** The external id of the calls chunk in the script-tag files, mapped to its path by `output.paths`. */
const CALLS_CHUNK_ID = 'cryptalk:calls-chunk';
/** The external id of the SDK adapter chunk (`same` placement), mapped to its path by `output.paths`. */
const CLIENT_CHUNK_ID = 'cryptalk:client-chunk';
const besideOutput = {
  paths: { [CALLS_CHUNK_ID]: `./${CALLS_FILE}`, [CLIENT_CHUNK_ID]: `./${CLIENT_FILE}` },
};

/**
 * The core loads the SDK adapter with `import('./backend/client-chunk.js')` only for the `same` placement:
 * in the script-tag core that import becomes one of `cryptalk-client.js` beside it, so the page's core (the
 * default `worker` placement) carries no SDK, crypto or store code.
 * @returns {import('rollup').Plugin}
 */
const clientChunkBeside = () => ({
  name: 'cryptalk-client-chunk-beside',
  resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string' || !importer?.includes('/widget/src/')) return null;
    return /(^|\/)backend\/client-chunk\.(js|ts)$/.test(specifier)
      ? { id: CLIENT_CHUNK_ID, external: true }
      : null;
  },
});

/** The external id of the UI in the core's entry, mapped to its path by `output.paths`. */
const UI_CHUNK_ID = 'cryptalk:ui';

/**
 * The core's entry (widget/src/placement/core-start.ts) loads the UI with `import('./core-entry.js')`: in the
 * script-tag build that import becomes one of `cryptalk-ui.js` beside it (built on its own), so the entry stays
 * a few hundred bytes that run as soon as they arrive.
 * @returns {import('rollup').Plugin}
 */
const uiChunkBeside = () => ({
  name: 'cryptalk-ui-chunk-beside',
  resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string' || !importer?.endsWith('/placement/core-start.ts')) return null;
    return /(^|\/)core-entry\.(js|ts)$/.test(specifier) ? { id: UI_CHUNK_ID, external: true } : null;
  },
});

/** The external id of the SFU chunk in the calls chunk, mapped to its path by `output.paths`. */
const SFU_CHUNK_ID = 'cryptalk:sfu-chunk';

/**
 * The SDK's `Call` loads its SFU session with `import('./sfu/sfu-session.js')` (livekit-client). In the
 * script-tag calls chunk that import becomes one of `cryptalk-sfu.js` beside it, so livekit-client stays
 * out of the calls chunk.
 * @returns {import('rollup').Plugin}
 */
const sfuChunkBeside = () => ({
  name: 'cryptalk-sfu-chunk-beside',
  resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string' || !importer?.includes('/sdk/src/calls/')) return null;
    return /(^|\/)sfu\/sfu-session\.(js|ts)$/.test(specifier) ? { id: SFU_CHUNK_ID, external: true } : null;
  },
});

/** The external id of the call engine in the calls chunk, mapped to its path by `output.paths`. */
const CALL_ENGINE_ID = 'cryptalk:call-engine';

/**
 * The calls chunk loads the engine with `import('./call-engine.js')` (widget/src/calls/backend-calls.ts);
 * in the script-tag calls chunk that import becomes one of `cryptalk-call-engine.js` beside it.
 * @returns {import('rollup').Plugin}
 */
const callEngineBeside = () => ({
  name: 'cryptalk-call-engine-beside',
  resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string' || !importer?.includes('/widget/src/calls/')) return null;
    return /(^|\/)call-engine\.(js|ts)$/.test(specifier) ? { id: CALL_ENGINE_ID, external: true } : null;
  },
});

/**
 * The SDK's sources as the widget bundles them (the `source` export condition): files of a package that
 * declares `"sideEffects": false` (sdk/package.json), so a module none of whose exports is used is dropped
 * with its top-level code, as bundlers do with the SDK's published files. node-resolve applies that field
 * only to what it resolves itself; the SDK's `.js` → `.ts` imports are resolved by esbuild, so without this
 * the UI kept top-level code of modules it reaches only through `@cryptalk/sdk`'s index (the Node crypto
 * self-test of `primitives/native.ts`, the Ed25519 small-order table) although it uses none of them.
 */
const SDK_SOURCE = /[\\/]sdk[\\/]src[\\/]/;
/** @type {import('rollup').TreeshakingOptions} */
const treeshake = { moduleSideEffects: (id, external) => external || !SDK_SOURCE.test(id) };

/**
 * @param {{ root?: string, extraPlugins?: import('rollup').Plugin[] }} [options]
 * @returns {import('rollup').RollupOptions[]}
 */
export function widgetScriptTagConfigs(options = {}) {
  return scriptTagConfigs(options).map((config) => ({ treeshake, ...config }));
}

/**
 * @param {{ root?: string, extraPlugins?: import('rollup').Plugin[] }} options
 * @returns {import('rollup').RollupOptions[]}
 */
function scriptTagConfigs(options) {
  const root = options.root ? `${options.root}/` : '';
  return [
    {
      input: `${root}widget/src/loader.ts`,
      onwarn,
      plugins: plugins(options.extraPlugins, 3),
      output: {
        file: `${root}${WIDGET_DIST}/${LOADER_FILE}`,
        format: 'iife',
        name: 'CrypTalkWidget',
        sourcemap: true,
      },
    },
    {
      // The core's entry: starts the Worker, then loads the UI beside it.
      input: `${root}widget/src/placement/core-start.ts`,
      onwarn,
      plugins: [uiChunkBeside(), ...plugins(options.extraPlugins, FIRST_OPEN_PASSES)],
      output: {
        paths: { [UI_CHUNK_ID]: `./${UI_FILE}` },
        file: `${root}${WIDGET_DIST}/${CORE_FILE}`,
        format: 'es',
        sourcemap: true,
      },
    },
    {
      // The UI adds `createWorkerBackend` (the `worker` placement) to widget/src/core.ts.
      input: `${root}widget/src/placement/core-entry.ts`,
      // The entry may export what its lazy chunks share with it (Lit, for the virtual list's chunk) rather than
      // become a facade over a second file that a first open would download too.
      preserveEntrySignatures: 'allow-extension',
      onwarn,
      plugins: [callsChunkBeside(), clientChunkBeside(), ...plugins(options.extraPlugins, FIRST_OPEN_PASSES)],
      output: {
        ...besideOutput,
        dir: `${root}${WIDGET_DIST}`,
        entryFileNames: UI_FILE,
        // What only some views need (`import()` in the components) loads from `cryptalk-ui-*.js` beside it.
        chunkFileNames: 'cryptalk-ui-[name].js',
        format: 'es',
        sourcemap: true,
      },
    },
    {
      // Split: what only some rooms need (`import()` in the SDK) loads from `cryptalk-worker-*.js` beside it.
      input: `${root}widget/src/placement/backend-host.worker.ts`,
      onwarn,
      plugins: plugins(options.extraPlugins, FIRST_OPEN_PASSES),
      output: {
        dir: `${root}${WIDGET_DIST}`,
        entryFileNames: WORKER_FILE,
        chunkFileNames: 'cryptalk-worker-[name].js',
        format: 'es',
        sourcemap: true,
      },
    },
    {
      input: `${root}widget/src/frame/frame-main.ts`,
      onwarn,
      plugins: [callsChunkBeside(), ...plugins(options.extraPlugins, FIRST_OPEN_PASSES)],
      output: {
        ...besideOutput,
        dir: `${root}${WIDGET_DIST}`,
        entryFileNames: FRAME_FILE,
        // Split like the Worker and the UI: the relay serves these beside the frame (its `/embed/` allowlist is
        // this file's imports and their Workers in build.json, relay/src/features/embed).
        chunkFileNames: 'cryptalk-frame-[name].js',
        format: 'es',
        sourcemap: true,
      },
    },
    {
      input: `${root}widget/src/backend/client-chunk.ts`,
      // The entry may export what its lazy chunks share with it (rather than a facade over another chunk).
      preserveEntrySignatures: 'allow-extension',
      onwarn,
      plugins: plugins(options.extraPlugins, FIRST_OPEN_PASSES),
      output: {
        dir: `${root}${WIDGET_DIST}`,
        entryFileNames: CLIENT_FILE,
        chunkFileNames: 'cryptalk-client-[name].js',
        format: 'es',
        sourcemap: true,
      },
    },
    {
      input: `${root}widget/src/escrow/chunk.ts`,
      onwarn,
      plugins: [ethersBrowserFiles(), ...plugins(options.extraPlugins)],
      output: {
        file: `${root}${WIDGET_DIST}/${ESCROW_FILE}`,
        format: 'es',
        sourcemap: true,
        inlineDynamicImports: true,
      },
    },
    {
      input: `${root}widget/src/calls/chunk.ts`,
      onwarn,
      plugins: [callEngineBeside(), ...plugins(options.extraPlugins)],
      output: {
        paths: { [CALL_ENGINE_ID]: `./${CALL_ENGINE_FILE}` },
        file: `${root}${WIDGET_DIST}/${CALLS_FILE}`,
        format: 'es',
        sourcemap: true,
        inlineDynamicImports: true,
      },
    },
    {
      input: `${root}widget/src/calls/call-engine.ts`,
      onwarn,
      plugins: [sfuChunkBeside(), ...plugins(options.extraPlugins)],
      output: {
        paths: { [SFU_CHUNK_ID]: `./${SFU_FILE}` },
        file: `${root}${WIDGET_DIST}/${CALL_ENGINE_FILE}`,
        format: 'es',
        sourcemap: true,
        inlineDynamicImports: true,
      },
    },
    {
      input: `${root}sdk/src/calls/sfu/sfu-session.ts`,
      onwarn,
      plugins: plugins(options.extraPlugins),
      output: {
        file: `${root}${WIDGET_DIST}/${SFU_FILE}`,
        format: 'es',
        sourcemap: true,
        inlineDynamicImports: true,
      },
    },
    {
      // livekit-client's own Worker entry, minified; a plain script (no imports), so it runs as a classic
      // or a module Worker.
      input: 'livekit-client/e2ee-worker',
      onwarn,
      plugins: plugins(options.extraPlugins),
      output: {
        file: `${root}${WIDGET_DIST}/${E2EE_WORKER_FILE}`,
        format: 'iife',
        sourcemap: true,
      },
    },
  ];
}
