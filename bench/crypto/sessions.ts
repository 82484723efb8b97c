/**
 * 1:1 figures on each backend: PQXDH session start and Double Ratchet traffic; at-rest records. The
 * asynchronous (WebCrypto curves) variants are measured under `web`, the path browsers take.
 *
 * @module
 */
import { generateDatabaseKey, RecordCipher } from '../../sdk/src/crypto/at-rest/index.js';
import {
  acceptSession,
  acceptSessionAsync,
  PrekeyStore,
  startSession,
  startSessionAsync,
} from '../../sdk/src/crypto/handshake/index.js';
import { DeviceIdentity } from '../../sdk/src/crypto/identity/index.js';
import {
  AeadSuite,
  generateX25519,
  loadMlKem768,
  loadSyncCurves,
  randomBytes,
} from '../../sdk/src/crypto/primitives/index.js';
import { RatchetSession, type RatchetVersion } from '../../sdk/src/crypto/ratchet/index.js';
import { syncBackends, underBackends } from './backends.js';
import { measure, type Row, verdict } from './harness.js';

const SUITES = [
  [AeadSuite.AES_256_GCM, 'AES-256-GCM'],
  [AeadSuite.CHACHA20_POLY1305, 'ChaCha20-Poly1305'],
] as const;

// ML-KEM-768 loads on first use (a lazy chunk in the widget's builds): load it before the synchronous API.
await Promise.all([loadMlKem768(), loadSyncCurves()]);

function setup() {
  const alice = DeviceIdentity.generate();
  const bob = DeviceIdentity.generate();
  const store = new PrekeyStore(bob);
  store.refill(0); // last-resort PQ prekey, no one-time keys: every iteration can reuse the bundle
  return { alice, bob, store, bundle: store.bundle(), first: randomBytes(200), msg: randomBytes(200) };
}

/**
 * A session pair of message version `version` on random handshake secrets (256-byte AD, as PQXDH gives), past
 * its first message: the two versions side by side in one run.
 */
function versionPair(suite: number, version: RatchetVersion) {
  const init = {
    rootKey: randomBytes(32),
    initiatorHeaderKey: randomBytes(32),
    responderHeaderKey: randomBytes(32),
    associatedData: randomBytes(256),
    suite,
    version,
  };
  const bobKey = generateX25519();
  const a = RatchetSession.initiator(init, bobKey.publicKey);
  const b = RatchetSession.responder(init, bobKey);
  b.decrypt(a.encrypt(randomBytes(10)));
  return { a, b };
}

async function syncRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const { alice, bob, store, bundle, first, msg } = setup();
  const start = await measure('PQXDH start, initiator', () => startSession(alice, bundle, first));
  rows.push(start);
  const both = await measure('PQXDH start, both sides', () =>
    acceptSession(bob, store, startSession(alice, bundle, first).initialMessage),
  );
  const accept: Row = {
    ...both,
    name: 'PQXDH start, responder',
    msPerOp: both.msPerOp - start.msPerOp,
    opsPerSec: 1000 / (both.msPerOp - start.msPerOp),
    note: 'both sides minus initiator',
  };
  if (both.cpuMsPerOp !== undefined && start.cpuMsPerOp !== undefined)
    accept.cpuMsPerOp = both.cpuMsPerOp - start.cpuMsPerOp;
  rows.push(accept);
  both.note = verdict(both, 5, 'target <= 5 ms');
  rows.push(both);

  for (const [suite, label] of SUITES) {
    const { session: a, initialMessage } = startSession(alice, bundle, first, { suite });
    const { session: b } = acceptSession(bob, store, initialMessage);
    const noDh = await measure(
      `ratchet enc+dec 200 B, same chain, ${label}`,
      () => b.decrypt(a.encrypt(msg)),
      {
        budgetMs: 1000,
      },
    );
    noDh.note = `message v${a.version}; ${verdict(noDh, 0.05, 'target >= 20,000 msg/s')}`;
    rows.push(noDh);
    for (const version of [1, 2] as const) {
      const p = versionPair(suite, version);
      const r = await measure(
        `ratchet enc+dec 200 B, same chain, ${label}, message v${version}`,
        () => p.b.decrypt(p.a.encrypt(msg)),
        { budgetMs: 1000 },
      );
      r.note = version === 1 ? 'the format before v2, for comparison' : 'default of new sessions';
      rows.push(r);
    }
    let turn = 0;
    rows.push(
      await measure(
        `ratchet enc+dec 200 B, DH step each, ${label}`,
        () => {
          turn++;
          return turn % 2 ? b.decrypt(a.encrypt(msg)) : a.decrypt(b.encrypt(msg));
        },
        { budgetMs: 1000 },
      ),
    );
  }
  return rows;
}

/**
 * At-rest records: one 1 KB record under `RecordCipher` (XChaCha20-Poly1305, random nonce), with an 80-byte AAD
 * as the store's record sealer binds (table, blind primary key, index columns). On `[native]` the cipher is
 * noble's HChaCha20 subkey plus node:crypto's ChaCha20-Poly1305; on `[js]` it is noble throughout.
 */
async function atRestRows(): Promise<Row[]> {
  const rc = new RecordCipher(generateDatabaseKey());
  const rec = randomBytes(1024);
  const aad = randomBytes(80);
  const sealed = rc.seal(rec, aad);
  const opts = { budgetMs: 600 };
  return [
    await measure('at-rest record seal 1 KB (XChaCha20-Poly1305)', () => rc.seal(rec, aad), opts),
    await measure('at-rest record open 1 KB (XChaCha20-Poly1305)', () => rc.open(sealed, aad), opts),
    await measure(
      'at-rest record seal+open 1 KB (XChaCha20-Poly1305)',
      () => rc.open(rc.seal(rec, aad), aad),
      opts,
    ),
  ];
}

/** Microseconds of CPU per operation, or of wall time where CPU time was not taken. */
const cpuUs = (r: Row) => 1000 * (r.cpuMsPerOp ?? r.msPerOp);

/** The at-rest rows on each backend, each `[native]` row noting its CPU time beside `[js]` (noble) as a ratio. */
export async function benchAtRest(): Promise<Row[]> {
  const rows = await underBackends(syncBackends(), atRestRows);
  for (const r of rows) {
    if (!r.name.endsWith(' [native]')) continue;
    const js = rows.find((x) => x.name === r.name.replace(/ \[native\]$/, ' [js]'));
    if (js)
      r.note = `${cpuUs(r).toFixed(1)} µs vs noble ${cpuUs(js).toFixed(1)} µs CPU: ${(cpuUs(js) / cpuUs(r)).toFixed(2)}x`;
  }
  return rows;
}

async function asyncRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const { alice, bob, store, bundle, first, msg } = setup();
  const both = await measure('PQXDH start, both sides, async (WebCrypto curves)', async () =>
    acceptSessionAsync(bob, store, (await startSessionAsync(alice, bundle, first)).initialMessage),
  );
  both.note = verdict(both, 5, 'target <= 5 ms');
  rows.push(both);
  for (const [suite, label] of SUITES) {
    const { session: a, initialMessage } = startSession(alice, bundle, first, { suite });
    const { session: b } = acceptSession(bob, store, initialMessage);
    let turn = 0;
    rows.push(
      await measure(
        `ratchet enc+dec 200 B, DH step each, async (WebCrypto X25519), ${label}`,
        () => {
          turn++;
          return turn % 2 ? b.decryptAsync(a.encrypt(msg)) : a.decryptAsync(b.encrypt(msg));
        },
        { budgetMs: 1000 },
      ),
    );
  }
  return rows;
}

/** Runs the 1:1 benchmarks on both backends, and the async paths as browsers run them. */
export async function benchSessions(): Promise<Row[]> {
  return [...(await underBackends(syncBackends(), syncRows)), ...(await underBackends(['web'], asyncRows))];
}
