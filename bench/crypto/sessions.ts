/**
 * 1:1 figures: PQXDH session start and Double Ratchet traffic; at-rest records.
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
import { AeadSuite, randomBytes } from '../../sdk/src/crypto/primitives/index.js';
import { measure, type Row, verdict } from './harness.js';

/** Runs the 1:1 and at-rest benchmarks. */
export async function benchSessions(): Promise<Row[]> {
  const rows: Row[] = [];
  const alice = DeviceIdentity.generate();
  const bob = DeviceIdentity.generate();
  const store = new PrekeyStore(bob);
  store.refill(0); // last-resort PQ prekey, no one-time keys: every iteration can reuse the bundle
  const bundle = store.bundle();
  const first = randomBytes(200);

  const start = await measure('PQXDH start, initiator', () => startSession(alice, bundle, first));
  start.note = 'target <= 5 ms';
  rows.push(start);
  const accept = await measure('PQXDH start, responder', () =>
    acceptSession(bob, store, startSession(alice, bundle, first).initialMessage),
  );
  accept.msPerOp -= start.msPerOp;
  accept.opsPerSec = 1000 / accept.msPerOp;
  if (accept.cpuMsPerOp !== undefined && start.cpuMsPerOp !== undefined)
    accept.cpuMsPerOp -= start.cpuMsPerOp;
  accept.note = 'initiator time subtracted';
  rows.push(accept);
  const both = await measure('PQXDH start, both sides', () =>
    acceptSession(bob, store, startSession(alice, bundle, first).initialMessage),
  );
  both.note = verdict(both, 5, 'target <= 5 ms');
  rows.push(both);
  const bothAsync = await measure('PQXDH start, both sides, async (WebCrypto curves)', async () =>
    acceptSessionAsync(bob, store, (await startSessionAsync(alice, bundle, first)).initialMessage),
  );
  bothAsync.note = verdict(bothAsync, 5, 'target <= 5 ms');
  rows.push(bothAsync);

  const msg = randomBytes(200);
  for (const [suite, label] of [
    [AeadSuite.AES_256_GCM, 'AES-256-GCM'],
    [AeadSuite.CHACHA20_POLY1305, 'ChaCha20-Poly1305'],
  ] as const) {
    const { session: a, initialMessage } = startSession(alice, bundle, first, { suite });
    const { session: b } = acceptSession(bob, store, initialMessage);
    const noDh = await measure(
      `ratchet enc+dec 200 B, same chain, ${label}`,
      () => b.decrypt(a.encrypt(msg)),
      {
        budgetMs: 1000,
      },
    );
    noDh.note = verdict(noDh, 0.05, 'target >= 20,000 msg/s');
    rows.push(noDh);
    let turn = 0;
    const withDh = await measure(
      `ratchet enc+dec 200 B, DH step each, ${label}`,
      () => {
        turn++;
        return turn % 2 ? b.decrypt(a.encrypt(msg)) : a.decrypt(b.encrypt(msg));
      },
      { budgetMs: 1000 },
    );
    rows.push(withDh);
    const withDhAsync = await measure(
      `ratchet enc+dec 200 B, DH step each, async (WebCrypto X25519), ${label}`,
      () => {
        turn++;
        return turn % 2 ? b.decryptAsync(a.encrypt(msg)) : a.decryptAsync(b.encrypt(msg));
      },
      { budgetMs: 1000 },
    );
    rows.push(withDhAsync);
  }

  const rc = new RecordCipher(generateDatabaseKey());
  const rec = randomBytes(1024);
  const aad = new TextEncoder().encode('messages/42');
  rows.push(
    await measure('at-rest record seal+open 1 KB (XChaCha20-Poly1305)', () =>
      rc.open(rc.seal(rec, aad), aad),
    ),
  );
  return rows;
}
