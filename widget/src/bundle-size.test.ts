import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import {
  BUDGETS,
  CALL_ENGINE_FILE,
  CALLS_FILE,
  CLIENT_CALL_WIRE_FILE,
  CLIENT_CURVES_FILE,
  CLIENT_DIRECT_FILE,
  CLIENT_FILE,
  CLIENT_MEMBERSHIP_FILE,
  CLIENT_ML_KEM_FILE,
  CLIENT_TRANSFER_FILE,
  CORE_FILE,
  E2EE_WORKER_FILE,
  ESCROW_FILE,
  FIRST_OPEN,
  FIRST_OPEN_BUDGETS,
  FRAME_ASYNC_DIRECTIVE_FILE,
  FRAME_CALL_SESSION_FILE,
  FRAME_CALL_WIRE_FILE,
  FRAME_CURVES_FILE,
  FRAME_DIRECT_FILE,
  FRAME_FILE,
  FRAME_LOCALE_FILES,
  FRAME_MEMBERSHIP_FILE,
  FRAME_ML_KEM_FILE,
  FRAME_OFFER_CONTENT_FILE,
  FRAME_PASSPHRASE_FILE,
  FRAME_QR_FILE,
  FRAME_TRANSFER_FILE,
  FRAME_VIRTUAL_FILE,
  LOADER_FILE,
  SDK_CHUNKS,
  SFU_FILE,
  staticClosure,
  UI_ASYNC_DIRECTIVE_FILE,
  UI_CALL_SESSION_FILE,
  UI_ERRORS_FILE,
  UI_FILE,
  UI_LOCALE_FILES,
  UI_MEMORY_FILE,
  UI_OFFER_CONTENT_FILE,
  UI_QR_FILE,
  UI_VIRTUAL_FILE,
  WIDGET_DIST,
  WORKER_CALL_WIRE_FILE,
  WORKER_CURVES_FILE,
  WORKER_DIRECT_FILE,
  WORKER_FILE,
  WORKER_MEMBERSHIP_FILE,
  WORKER_MEMORY_FILE,
  WORKER_ML_KEM_FILE,
  WORKER_PASSPHRASE_FILE,
  WORKER_TRANSFER_FILE,
} from '../rollup.widget.mjs';
import { ROOT, readWidgetBuild } from '../scripts/build.mjs';

/**
 * The script-tag files as `npm run build` wrote them to widget/dist (built here first when missing or older
 * than the sources): what ships is what is measured, and CI does not build it a second time.
 */
let once: ReturnType<typeof readWidgetBuild> | undefined;
const buildAll = (): ReturnType<typeof readWidgetBuild> => {
  once ??= readWidgetBuild();
  return once;
};

type Built = Awaited<ReturnType<typeof readWidgetBuild>>;

/**
 * The size of a built file as it is served gzipped: its `.gz` copy (Zopfli, written by the build beside it), which
 * must decode to exactly the file: a stale or foreign copy would be measured, and served, instead of the code.
 */
const gzipOf = (built: Built, file: string): number => {
  const code = built[file]?.code;
  assert.ok(code !== undefined, `${file} is built`);
  const path = join(ROOT, WIDGET_DIST, `${file}.gz`);
  assert.ok(existsSync(path), `${file}.gz is written beside ${file} (widget/scripts/precompress.mjs)`);
  const gz = readFileSync(path);
  assert.ok(gunzipSync(gz).equals(Buffer.from(code)), `${file}.gz decodes to ${file}`);
  return gz.length;
};

/** Whether `from` loads `file` from beside itself with a literal `import('./file')`. */
const importsBeside = (built: Built, from: string, file: string): boolean =>
  new RegExp(`import\\(\\s*["']\\./${file.replace(/\./g, '\\.')}["']\\s*\\)`).test(built[from]?.code ?? '');

/** Habit 14: every script-tag file stays within its gzip budget; the lazy chunks stay out of the core. */
test('every script-tag file stays within its gzip budget, and the calls and escrow chunks stay out of the chat core', async () => {
  const built = await buildAll();
  const code = Object.fromEntries(Object.entries(built).map(([file, b]) => [file, b.code]));
  for (const [file, budget] of Object.entries(BUDGETS)) {
    assert.ok(code[file] !== undefined, `${file} has a budget and an output in widget/rollup.widget.mjs`);
    const size = gzipOf(built, file);
    assert.ok(size <= budget, `${file} is ${size} bytes gzip, over its budget of ${budget}`);
  }
  assert.ok(
    code[LOADER_FILE] && code[CORE_FILE] && code[UI_FILE],
    'the loader, the core and the UI are built',
  );
  // The core's entry starts the Worker, then loads the UI beside it: no UI, SDK or Lit code of its own.
  const entry = code[CORE_FILE] ?? '';
  assert.match(entry, /import\(\s*["']\.\/cryptalk-ui\.js["']\s*\)/, 'the core entry loads the UI beside it');
  assert.ok(entry.includes(WORKER_FILE), `the core entry starts ${WORKER_FILE} beside it`);
  assert.ok(!entry.includes('cryptalk-panel'), 'the core entry carries no UI');

  // "The core" below: the UI the entry loads.
  const core = code[UI_FILE] ?? '';
  const calls = code[CALLS_FILE] ?? '';
  const escrow = code[ESCROW_FILE] ?? '';
  for (const tag of [
    'cryptalk-call-view',
    'cryptalk-incoming-call',
    'cryptalk-call-button',
    'cryptalk-device-picker',
  ]) {
    const quoted = [`"${tag}"`, `'${tag}'`];
    assert.ok(
      quoted.some((q) => calls.includes(q)),
      `the calls chunk defines <${tag}>`,
    );
    // The panel's templates may name the tags (`<cryptalk-call-view …>`); only the calls chunk defines them.
    assert.ok(!quoted.some((q) => core.includes(q)), `the chat core must not define calls elements (${tag})`);
  }
  assert.match(
    core,
    /import\(\s*["']\.\/cryptalk-calls\.js["']\s*\)/,
    'the core loads the calls chunk beside it',
  );
  const e2ee = code[E2EE_WORKER_FILE] ?? '';
  assert.ok(e2ee.includes('initAck'), `${E2EE_WORKER_FILE} is LiveKit's E2EE Worker (answers init)`);
  assert.ok(
    !/^\s*(import|export)\b/m.test(e2ee),
    `${E2EE_WORKER_FILE} is a plain script (classic or module Worker)`,
  );
  assert.ok(calls.includes(E2EE_WORKER_FILE), `the calls chunk resolves ${E2EE_WORKER_FILE} beside itself`);
  for (const file of [CORE_FILE, UI_FILE, CALLS_FILE]) {
    assert.ok(!(code[file] ?? '').includes('initAck'), `${file} must not carry the E2EE Worker`);
  }
  // The calls chunk makes a backend with a call environment call-capable (the script-tag bridge); the
  // engine it loads beside it runs the SDK's calls; livekit-client loads only from the SFU chunk.
  const engine = code[CALL_ENGINE_FILE] ?? '';
  const sfu = code[SFU_FILE] ?? '';
  assert.match(calls, /enableBackendCalls/, 'the calls chunk exports enableBackendCalls');
  assert.match(
    calls,
    /import\(\s*["']\.\/cryptalk-call-engine\.js["']\s*\)/,
    'the calls chunk loads the call engine beside it',
  );
  assert.match(
    engine,
    /import\(\s*["']\.\/cryptalk-sfu\.js["']\s*\)/,
    'the call engine loads the SFU chunk beside it',
  );
  assert.ok(engine.includes('setRemoteDescription'), 'the call engine carries P2P WebRTC');
  // `trackSubscribed` is livekit-client's RoomEvent.TrackSubscribed.
  assert.ok(sfu.includes('trackSubscribed'), 'the SFU chunk carries livekit-client');
  for (const file of [CORE_FILE, UI_FILE, CALLS_FILE, CALL_ENGINE_FILE]) {
    assert.ok(!(code[file] ?? '').includes('trackSubscribed'), `${file} must not carry livekit-client`);
  }
  assert.ok(!core.includes('setRemoteDescription'), 'the chat core must not carry WebRTC code');
  for (const marker of ['Start video call', 'Hang up', 'Mute microphone']) {
    assert.ok(calls.includes(marker), `the calls chunk carries its strings (${marker})`);
    assert.ok(!core.includes(marker), `the chat core must not contain calls strings (${marker})`);
  }
  // The SDK (MLS, the store) is not in the page's core: it loads the client chunk beside it for `same`.
  const client = code[CLIENT_FILE] ?? '';
  for (const marker of ['cryptalk-widget ', 'MLS_128_DHKEMX25519']) {
    assert.ok(client.includes(marker), `the client chunk carries the SDK (${marker})`);
    assert.ok(!core.includes(marker), `the chat core must not carry the SDK (${marker})`);
  }
  assert.match(
    core,
    /import\(\s*["']\.\/cryptalk-client\.js["']\s*\)/,
    'the core loads the client chunk beside it',
  );
  assert.ok(escrow.includes('cryptalk-escrow-card'), 'the escrow chunk defines <cryptalk-escrow-card>');
  for (const marker of ['cryptalk-escrow-card', 'Accept and pay into escrow', 'CrypTalk Marketplace']) {
    assert.ok(!core.includes(marker), `the chat core must not contain escrow code (${marker})`);
  }
});

/**
 * What a first open downloads is the UI core plus the SDK's file (the Worker by default) with everything they
 * import statically: that total has a budget, and what only some rooms need stays in lazy chunks.
 */
test('a first open downloads the core and the Worker (with their static imports) within budget; passphrase KDFs are lazy', async () => {
  const built = await buildAll();
  const gzip = (file: string) => gzipOf(built, file);
  for (const [placement, entries] of Object.entries(FIRST_OPEN)) {
    const files = [...new Set(entries.flatMap((e) => staticClosure(built, e)))];
    for (const f of files) assert.ok(built[f], `${f} (first open, ${placement}) is built`);
    const total = files.reduce((a, f) => a + gzip(f), 0);
    const budget = FIRST_OPEN_BUDGETS[placement as keyof typeof FIRST_OPEN_BUDGETS];
    assert.ok(
      total <= budget,
      `a first open (${placement}: ${files.join(' + ')}) is ${total} bytes gzip, over its budget of ${budget}`,
    );
  }
  const worker = staticClosure(built, WORKER_FILE);
  assert.ok(
    worker.every((f) => !/argon2|scrypt/.test(f)),
    `the Worker loads no passphrase KDF up front (${worker.join(', ')})`,
  );
  const lazy = Object.keys(built).filter((f) => f.startsWith('cryptalk-worker-') && !worker.includes(f));
  assert.ok(
    lazy.some((f) => /argon2/.test(f)) && lazy.some((f) => /scrypt/.test(f)),
    `Argon2id and scrypt are lazy chunks beside the Worker (${lazy.join(', ')})`,
  );
  assert.match(
    built[WORKER_PASSPHRASE_FILE]?.code ?? '',
    /import\(\s*["']\.\/cryptalk-worker-argon2\.js["']\s*\)/,
    'the passphrase wrapping loads Argon2id beside itself when a passphrase needs it',
  );
  assert.ok(
    importsBeside(built, WORKER_FILE, WORKER_PASSPHRASE_FILE),
    'the Worker loads the passphrase wrapping beside itself when a store is opened with a passphrase',
  );
  assert.ok(
    staticClosure(built, CLIENT_FILE).every((f) => !/argon2|scrypt/.test(f)),
    'nor does the client chunk',
  );
});

/**
 * Markers of the code issue #6 moved out of the first open: each a string only that code carries in the
 * minified output (an error text of noble's ML-KEM, of the transfer's download, of uqr's encoder; the
 * attribute of the virtualizer's sizer element). `absentFrom`, when given, names the first-open entries whose
 * files (with their static imports) must not carry it; by default none of a first open's files may.
 */
const LAZY_CODE: Record<string, { marker: string; lazy: string[]; absentFrom?: string[] }> = {
  'ML-KEM-768': { marker: 'SampleNTT', lazy: SDK_CHUNKS.mlKem },
  'the 1:1 rooms (PQXDH, Double Ratchet)': {
    marker: 'ratchet secret key',
    lazy: SDK_CHUNKS.direct,
  },
  'the attachment transfer': {
    marker: 'manifest and reference differ',
    lazy: SDK_CHUNKS.transfer,
  },
  "noble's AES-GCM (group rooms run AES-GCM on WebCrypto)": {
    marker: 'aes/gcm: invalid nonce length',
    lazy: SDK_CHUNKS.aes,
  },
  'the link-preview fetching (clients with a linkPreviews fetcher)': {
    marker: 'preview image fetch took over',
    lazy: SDK_CHUNKS.preview,
  },
  // an error text of the passphrase-wrapped key's header (the widget's store is wrapped by a WebCrypto key)
  'the passphrase wrapping of the store key (stores opened with a passphrase only)': {
    marker: 'wrapped key method',
    lazy: SDK_CHUNKS.passphrase,
  },
  // a field of the pending-upload list (the records load with a room's first file)
  'the records of interrupted uploads': { marker: 'uploadedBytes', lazy: SDK_CHUNKS.uploads },
  // the description of the store's first migration (a store written by an older build loads them)
  "the device store's migrations": { marker: 'sealed, relative', lazy: SDK_CHUNKS.migrations },
  // ts-mls's signing label of a key package (generateKeyPackage): a return visit opens its rooms without it
  'creating a group or an MLS member (ts-mls createGroup, generateKeyPackage)': {
    marker: 'KeyPackageTBS',
    lazy: SDK_CHUNKS.create,
  },
  'the in-memory store (clients opened without a store)': {
    marker: 'transaction used after it ended',
    lazy: SDK_CHUNKS.memoryStore,
  },
  // Dexie's warning when it patches a schema changed without a new version number
  'Dexie (only creating or upgrading the device store needs it)': {
    marker: 'Dexie SchemaDiff',
    lazy: SDK_CHUNKS.dexie,
  },
  'the HPKE framing (@hpke/core, @hpke/common: commits and Welcomes only)': {
    marker: 'Too long ikm',
    lazy: SDK_CHUNKS.membership,
  },
  // an error text of ts-mls's commit processing (processMessages.js): application messages of the current epoch
  // take MlsGroup's lighter path, so the first open carries none of it
  "ts-mls's commit, join and whole message processing (with the HPKE framing)": {
    marker: 'Cannot process commit or proposal from former epoch',
    lazy: SDK_CHUNKS.membership,
  },
  // an error text of ts-mls's proposal validation in `clientState.js`, a module the first open also uses (for
  // createGroup and the state codec): the HPKE chunk has its own copy of ts-mls (rollup.widget.mjs,
  // lazyTsMlsCopy), so the first open's copy is left without the commit side
  "ts-mls's proposal and tree validation (the HPKE chunk's own copy of ts-mls)": {
    marker: 'Commit cannot contain an Add proposal for someone already in the group',
    lazy: SDK_CHUNKS.membership,
  },
  // the error of a rejoin with no invite left (sdk/src/rooms/group-membership.ts)
  "a group room's membership code (joins, rejoins, admissions, removals, key updates)": {
    marker: 'no invite to rejoin',
    lazy: SDK_CHUNKS.membership,
  },
  // an error text of the relay's `/calls/*` requests (sdk/src/relay-client/call-credentials.ts)
  "the rooms' call wire code (call signal fragments, call credentials)": {
    marker: 'calls answer too large',
    lazy: SDK_CHUNKS.callWire,
  },
  // The Worker throws these errors, and the `same` and `frame` placements run the SDK on the page: only the
  // UI of the `worker` placement, which revives the Worker's errors, leaves them out.
  "the SDK's error classes the UI revives (a CryptoError message)": {
    marker: 'authenticated decryption failed',
    lazy: [UI_ERRORS_FILE],
    absentFrom: [CORE_FILE, UI_FILE],
  },
  // The ringing card's answer (`@cryptalk-call-answer=`): the header's call buttons stay in the UI.
  "the panel's call session (the ringing card, the call view, the call bar)": {
    marker: 'cryptalk-call-answer',
    lazy: [UI_CALL_SESSION_FILE, FRAME_CALL_SESSION_FILE],
  },
  // What the call session renders is styled by the styles it adopts into the panel when it loads.
  "the panel's call session styles (the call layer, the call bar)": {
    marker: '.call-layer{',
    lazy: [UI_CALL_SESSION_FILE, FRAME_CALL_SESSION_FILE],
  },
  // The warning under a forged offer (escrow-message.ts): the list itself only spots an offer's prefix.
  'the offer rendering (its strings, styles and text helpers)': {
    marker: 'signature does not match',
    lazy: [UI_OFFER_CONTENT_FILE, FRAME_OFFER_CONTENT_FILE],
  },
  'the QR encoder': { marker: 'Data too long', lazy: [UI_QR_FILE, FRAME_QR_FILE] },
  'the virtual list (@lit-labs/virtualizer)': {
    marker: 'virtualizer-sizer',
    lazy: [UI_VIRTUAL_FILE, FRAME_VIRTUAL_FILE],
  },
  'the German strings': { marker: 'Nachricht schreiben', lazy: [UI_LOCALE_FILES.de, FRAME_LOCALE_FILES.de] },
  'the Arabic strings': { marker: 'إرسال', lazy: [UI_LOCALE_FILES.ar, FRAME_LOCALE_FILES.ar] },
  'the Japanese strings': { marker: '送信', lazy: [UI_LOCALE_FILES.ja, FRAME_LOCALE_FILES.ja] },
};

test("the 1:1 rooms, ML-KEM-768, the AES-GCM of noble, the HPKE framing with a group's membership code, the in-memory store, the attachment transfer, the call wire code, the UI's SDK error classes, the panel's call session and its styles, the offer rendering, the QR encoder, the virtual list and non-English strings are lazy chunks beside their files, not in a first open", async () => {
  const built = await buildAll();
  const gzip = (file: string) => gzipOf(built, file);
  const firstOpen = new Set(
    Object.values(FIRST_OPEN).flatMap((entries) => entries.flatMap((e) => staticClosure(built, e))),
  );
  for (const [what, { marker, lazy, absentFrom }] of Object.entries(LAZY_CODE)) {
    const mustLack = absentFrom ? new Set(absentFrom.flatMap((e) => staticClosure(built, e))) : firstOpen;
    for (const file of lazy) {
      assert.ok(built[file], `${file} (${what}) is built`);
      assert.ok(built[file]?.code.includes(marker), `${file} carries ${what} (${marker})`);
      const budget = BUDGETS[file as keyof typeof BUDGETS];
      assert.ok(
        budget !== undefined && gzip(file) <= budget,
        `${file} is ${gzip(file)} bytes gzip (budget ${budget})`,
      );
      assert.ok(!firstOpen.has(file), `${file} is not loaded by a first open`);
    }
    for (const file of mustLack) {
      assert.ok(
        !built[file]?.code.includes(marker),
        `${file} (first open) must not carry ${what} (${marker})`,
      );
    }
  }
  // Each lazy chunk is imported with `import()` by the file it sits beside.
  const loads = (from: string, file: string) => importsBeside(built, from, file);
  // ML-KEM-768 only serves 1:1 rooms: their chunk loads it
  assert.ok(
    loads(WORKER_DIRECT_FILE, WORKER_ML_KEM_FILE),
    "the Worker's 1:1 rooms load ML-KEM-768 beside them",
  );
  assert.ok(loads(WORKER_FILE, WORKER_TRANSFER_FILE), 'the Worker loads the transfer beside itself');
  assert.ok(loads(WORKER_FILE, WORKER_DIRECT_FILE), 'the Worker loads the 1:1 rooms beside itself');
  assert.ok(loads(CLIENT_FILE, CLIENT_DIRECT_FILE), 'the client chunk loads the 1:1 rooms beside itself');
  assert.ok(
    loads(CLIENT_DIRECT_FILE, CLIENT_ML_KEM_FILE),
    "the client's 1:1 rooms load ML-KEM-768 beside them",
  );
  assert.ok(loads(CLIENT_FILE, CLIENT_TRANSFER_FILE), 'the client chunk loads the transfer beside itself');
  // The rooms' call wire code: loaded with `import()` by the file it sits beside, and takes everything else
  // from it (no third file a first open would load too).
  for (const [parent, wire] of [
    [WORKER_FILE, WORKER_CALL_WIRE_FILE],
    [CLIENT_FILE, CLIENT_CALL_WIRE_FILE],
    [FRAME_FILE, FRAME_CALL_WIRE_FILE],
  ] as const) {
    assert.ok(loads(parent, wire), `${parent} loads ${wire} beside itself`);
    assert.deepEqual(built[wire]?.imports, [parent], `${wire} imports only ${parent}`);
    for (const m of ['sdk/src/calls/signal-fragments.ts', 'sdk/src/relay-client/call-credentials.ts'])
      assert.ok(built[wire]?.modules.includes(m), `${wire} carries ${m}`);
  }
  for (const file of firstOpen) {
    const wireModules = (built[file]?.modules ?? []).filter((m) =>
      /\/(signal-fragments|call-credentials|room-call-wire)\.ts$/.test(m),
    );
    assert.deepEqual(wireModules, [], `${file} (first open) carries none of the call wire code`);
  }
  assert.ok(loads(UI_FILE, UI_QR_FILE), 'the UI loads the QR encoder beside itself');
  assert.ok(loads(UI_FILE, UI_VIRTUAL_FILE), 'the UI loads the virtual list beside itself');
  assert.ok(loads(UI_FILE, UI_ERRORS_FILE), "the UI loads the SDK's error classes beside itself");
  // The call session takes Lit from the file it sits beside, as the virtual list does.
  for (const [from, file] of [
    [UI_FILE, UI_CALL_SESSION_FILE],
    [FRAME_FILE, FRAME_CALL_SESSION_FILE],
  ] as const) {
    assert.ok(loads(from, file), `${from} loads the panel's call session beside itself`);
    assert.deepEqual(built[file]?.imports, [from], `${file} imports only ${from}`);
  }
  // They extend the UI's CrypTalkError: one class of it, so `instanceof CrypTalkError` holds for every error.
  assert.deepEqual(built[UI_ERRORS_FILE]?.imports, [UI_FILE], `${UI_ERRORS_FILE} imports only the UI`);
  const uiModules = staticClosure(built, UI_FILE).flatMap((f) => built[f]?.modules ?? []);
  for (const m of [
    'sdk/src/crypto/errors.ts',
    'sdk/src/client-error.ts',
    'sdk/src/store/errors.ts',
    'sdk/src/protocol/errors.ts',
    'sdk/src/remote/error-codec.ts',
  ]) {
    assert.ok(!uiModules.includes(m), `the UI (first open) must not carry ${m}`);
    assert.ok(built[UI_ERRORS_FILE]?.modules?.includes(m), `${UI_ERRORS_FILE} carries ${m}`);
  }
  // The virtual list and the offer rendering take Lit from the file they sit beside, and share Lit's
  // AsyncDirective (which nothing else uses) as a chunk of its own: no third file that a first open would load.
  for (const [from, asyncDirective, lazy] of [
    [UI_FILE, UI_ASYNC_DIRECTIVE_FILE, [UI_VIRTUAL_FILE, UI_OFFER_CONTENT_FILE]],
    [FRAME_FILE, FRAME_ASYNC_DIRECTIVE_FILE, [FRAME_VIRTUAL_FILE, FRAME_OFFER_CONTENT_FILE]],
  ] as const) {
    for (const file of lazy) {
      assert.deepEqual(
        built[file]?.imports,
        [from, asyncDirective],
        `${file} imports ${from} and Lit's AsyncDirective`,
      );
      assert.ok(loads(from, file), `${from} loads ${file} beside itself`);
    }
    assert.deepEqual(built[asyncDirective]?.imports, [from], `${asyncDirective} imports only ${from}`);
    assert.deepEqual(built[asyncDirective]?.modules, ['node_modules/lit-html/async-directive.js']);
    assert.ok(!firstOpen.has(asyncDirective), `${asyncDirective} is not part of a first open`);
  }
  for (const file of Object.values(UI_LOCALE_FILES))
    assert.ok(loads(UI_FILE, file), `the UI loads ${file} beside itself`);
  assert.ok(loads(WORKER_FILE, WORKER_MEMORY_FILE), 'the Worker loads the demo backend beside itself');
  assert.ok(loads(UI_FILE, UI_MEMORY_FILE), 'the UI loads its copy of the demo backend beside itself');
  for (const file of [WORKER_MEMORY_FILE, UI_MEMORY_FILE]) {
    assert.ok(!firstOpen.has(file), `the demo backend (${file}) is not part of a first open`);
    for (const first of firstOpen)
      assert.ok(
        !built[first]?.code.includes('the in-memory hub is offline'),
        `${first} (first open) must not carry the demo backend`,
      );
  }
  // The frame too: the relay serves these beside it (relay/src/features/embed).
  assert.ok(loads(FRAME_DIRECT_FILE, FRAME_ML_KEM_FILE), "the frame's 1:1 rooms load ML-KEM-768 beside them");
  for (const file of [
    FRAME_DIRECT_FILE,
    FRAME_TRANSFER_FILE,
    FRAME_QR_FILE,
    FRAME_VIRTUAL_FILE,
    ...Object.values(FRAME_LOCALE_FILES),
  ])
    assert.ok(loads(FRAME_FILE, file), `the frame loads ${file} beside itself`);
  // the KDFs load from the passphrase wrapping, itself lazy: a store opened with a passphrase needs both
  assert.ok(
    loads(FRAME_FILE, FRAME_PASSPHRASE_FILE),
    'the frame loads the passphrase wrapping beside itself',
  );
  for (const kdf of ['argon2', 'scrypt'])
    assert.ok(
      loads(FRAME_PASSPHRASE_FILE, `cryptalk-frame-${kdf}.js`),
      `the frame's passphrase wrapping loads ${kdf} beside itself`,
    );
  assert.ok(built[UI_FILE]?.code.includes('Send'), 'the UI carries the English strings');
});

/** A module of `@noble/curves` (the build records each file's source modules in build.json). */
const isNobleCurves = (m: string) => m.startsWith('node_modules/@noble/curves/');

test("no @noble/curves module is in a first open: WebCrypto does X25519 and Ed25519, noble's curves are a lazy chunk beside each file", async () => {
  const built = await buildAll();
  const gzip = (file: string) => gzipOf(built, file);
  for (const [placement, entries] of Object.entries(FIRST_OPEN)) {
    const files = [...new Set(entries.flatMap((e) => staticClosure(built, e)))];
    for (const f of files) {
      const modules = built[f]?.modules;
      assert.ok(Array.isArray(modules) && modules.length > 0, `${f}: build.json lists its modules`);
      const curves = modules.filter(isNobleCurves);
      assert.deepEqual(curves, [], `${f} (first open, ${placement}) must not carry @noble/curves`);
    }
  }
  const loads = (from: string, file: string) => importsBeside(built, from, file);
  for (const [entry, curves, direct] of [
    [WORKER_FILE, WORKER_CURVES_FILE, WORKER_DIRECT_FILE],
    [CLIENT_FILE, CLIENT_CURVES_FILE, CLIENT_DIRECT_FILE],
    [FRAME_FILE, FRAME_CURVES_FILE, FRAME_DIRECT_FILE],
  ] as const) {
    const modules = built[curves]?.modules ?? [];
    for (const m of [
      'node_modules/@noble/curves/ed25519.js',
      'node_modules/@noble/curves/abstract/edwards.js',
      'node_modules/@noble/curves/abstract/montgomery.js',
      'sdk/src/crypto/primitives/ed25519.ts',
      'sdk/src/crypto/primitives/x25519.ts',
    ])
      assert.ok(modules.includes(m), `${curves} carries ${m}`);
    const budget = BUDGETS[curves as keyof typeof BUDGETS];
    assert.ok(
      budget !== undefined && gzip(curves) <= budget,
      `${curves} is ${gzip(curves)} bytes gzip (budget ${budget})`,
    );
    // the fallback of the asynchronous functions loads it beside the file; the 1:1 rooms import it
    assert.ok(loads(entry, curves), `${entry} loads ${curves} beside itself with import()`);
    assert.ok(built[direct]?.imports.includes(curves), `${direct} imports ${curves}`);
    // nothing but the 1:1 rooms (and ML-KEM-768, whose NTT is in @noble/curves) carries any of noble's curves
    for (const [file, b] of Object.entries(built)) {
      if (file === curves || !file.startsWith(entry.replace(/\.js$/, '')) || /ml-kem/.test(file)) continue;
      assert.deepEqual((b.modules ?? []).filter(isNobleCurves), [], `${file} carries no @noble/curves`);
    }
  }
});

test('every script-tag file ships precompressed beside itself: a .gz (Zopfli, smaller than zlib level 9 for the first open) and a .br that decode to it', async () => {
  const built = await buildAll();
  let zopfli = 0;
  let zlib9 = 0;
  // every script-tag file the build recorded (build.json) and wrote
  const files = Object.keys(built);
  assert.ok(
    files.length > 10 && FIRST_OPEN.worker.every((f) => files.includes(f)),
    'build.json lists the build',
  );
  for (const file of files) {
    const bytes = Buffer.from(built[file]?.code ?? '');
    const gz = gzipOf(built, file);
    const br = join(ROOT, WIDGET_DIST, `${file}.br`);
    assert.ok(existsSync(br), `${file}.br is written beside ${file}`);
    assert.ok(brotliDecompressSync(readFileSync(br)).equals(bytes), `${file}.br decodes to ${file}`);
    if (FIRST_OPEN.worker.includes(file)) {
      zopfli += gz;
      zlib9 += gzipSync(bytes, { level: 9 }).length;
    }
  }
  // Zopfli's copies are what makes them worth shipping: zlib's own level 9 is what a server does on the fly.
  assert.ok(
    zopfli < zlib9 * 0.98,
    `the first open's .gz copies (${zopfli} bytes) are 2 % below zlib level 9 (${zlib9})`,
  );
});

test("the UI's Lit templates ship minified: no indented markup or styles in the UI or the frame", async () => {
  const built = await buildAll();
  for (const file of [UI_FILE, FRAME_FILE]) {
    const code = built[file]?.code ?? '';
    // Terser writes code on one line: any newline followed by indentation is a template's text as written
    const indented = code.match(/\n[ \t]+\S.{0,40}/g) ?? [];
    assert.deepEqual(
      indented,
      [],
      `${file} carries templates as written (widget/rollup.widget.mjs, minifyWidgetTemplates)`,
    );
    assert.match(code, /:host\{/, `${file}'s styles are collapsed (":host{")`);
  }
});

test("no browser file carries the SDK's node:crypto backend: the build swaps native.ts for native-browser.ts", async () => {
  const built = await buildAll();
  const sdkFiles = Object.entries(built).filter(([, b]) =>
    (b.modules ?? []).some((m) => m.startsWith('sdk/src/crypto/primitives/')),
  );
  assert.ok(sdkFiles.length >= 3, 'the Worker, client and frame files carry the crypto wrappers');
  for (const [file, b] of sdkFiles) {
    assert.ok(
      !(b.modules ?? []).includes('sdk/src/crypto/primitives/native.ts'),
      `${file} carries native.ts (node:crypto), which no browser can use`,
    );
    // the OpenSSL calls and the load-time self-test of native.ts
    assert.ok(!b.code.includes('getBuiltinModule'), `${file} looks up node:crypto`);
    assert.ok(!b.code.includes('createCipheriv'), `${file} carries node:crypto calls`);
  }
});

/** A module of `@hpke/core` or `@hpke/common` (ts-mls's HPKE dependency). */
const isHpke = (m: string) => m.startsWith('node_modules/@hpke/');

/** The SDK's modules of a group room's membership (`load-membership.ts` loads them), and only theirs. */
const MEMBERSHIP_MODULES = [
  'sdk/src/rooms/group-membership.ts',
  'sdk/src/rooms/join-attempt.ts',
  'sdk/src/rooms/invite-seal.ts',
  'sdk/src/rooms/rejoin-check.ts',
  'sdk/src/rooms/rejoin-request.ts',
  'sdk/src/rooms/group-leaves.ts',
];
const isMembership = (m: string) => MEMBERSHIP_MODULES.includes(m);

test("no @hpke module and none of a group room's membership code is in a first open: opening a group, its messages and its members need neither, which are one lazy chunk beside each file", async () => {
  const built = await buildAll();
  for (const [placement, entries] of Object.entries(FIRST_OPEN)) {
    for (const f of new Set(entries.flatMap((e) => staticClosure(built, e)))) {
      const modules = built[f]?.modules;
      assert.ok(Array.isArray(modules) && modules.length > 0, `${f}: build.json lists its modules`);
      assert.deepEqual(modules.filter(isHpke), [], `${f} (first open, ${placement}) must not carry @hpke`);
      assert.deepEqual(
        modules.filter(isMembership),
        [],
        `${f} (first open, ${placement}) must not carry the membership code`,
      );
    }
  }
  const loads = (from: string, file: string) => importsBeside(built, from, file);
  for (const [entry, membership] of [
    [WORKER_FILE, WORKER_MEMBERSHIP_FILE],
    [CLIENT_FILE, CLIENT_MEMBERSHIP_FILE],
    [FRAME_FILE, FRAME_MEMBERSHIP_FILE],
  ] as const) {
    const modules = built[membership]?.modules ?? [];
    for (const m of [
      'node_modules/@hpke/core/esm/src/cipherSuiteNative.js',
      'node_modules/@hpke/common/esm/src/kems/dhkem.js',
      'node_modules/@hpke/common/esm/src/kdfs/hkdf.js',
      'sdk/src/crypto/group/hpke-cipher-suite.ts',
      ...MEMBERSHIP_MODULES,
    ])
      assert.ok(modules.includes(m), `${membership} carries ${m}`);
    assert.ok(loads(entry, membership), `${entry} loads ${membership} beside itself with import()`);
    // a join or a first admission downloads this one file: it takes everything else from the file it sits beside
    assert.deepEqual(built[membership]?.imports, [entry], `${membership} imports only ${entry}`);
    // nothing else beside the file carries any of @hpke or of the membership code
    for (const [file, b] of Object.entries(built)) {
      if (file === membership || !file.startsWith(entry.replace(/\.js$/, ''))) continue;
      assert.deepEqual((b.modules ?? []).filter(isHpke), [], `${file} carries no @hpke`);
      assert.deepEqual((b.modules ?? []).filter(isMembership), [], `${file} carries no membership code`);
    }
  }
});
