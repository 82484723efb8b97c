/**
 * A fixed amount of ratchet work for instruction counting, immune to other load on the machine:
 *
 * ```
 * valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
 *   node --conditions=source --import tsx bench/crypto/ratchet-loop.ts aes 300
 * ```
 * Run it with two counts (e.g. 300 and 1300) and divide the difference of the `I refs` totals by the
 * difference of the counts: instructions per encrypt+decrypt round trip of a 200-byte message, start-up excluded.
 * Arguments: `aes` or `chacha`, then the number of round trips, then the backend (`native`, the default, or `js`).
 * The session is a PQXDH one, so it sends message version 2 (see `sdk/src/crypto/ratchet/ratchet-kdf.ts`).
 *
 * @module
 */
import { acceptSession, PrekeyStore, startSession } from '../../sdk/src/crypto/handshake/index.js';
import { DeviceIdentity } from '../../sdk/src/crypto/identity/index.js';
import {
  AeadSuite,
  loadMlKem768,
  loadSyncCurves,
  randomBytes,
  setCryptoBackend,
} from '../../sdk/src/crypto/primitives/index.js';

setCryptoBackend(process.argv[4] === 'js' ? 'js' : 'auto');

const suite = process.argv[2] === 'chacha' ? AeadSuite.CHACHA20_POLY1305 : AeadSuite.AES_256_GCM;
const rounds = Number(process.argv[3] ?? 1000);
await Promise.all([loadMlKem768(), loadSyncCurves()]);
const bob = DeviceIdentity.generate();
const store = new PrekeyStore(bob);
store.refill(0);
const { session: a, initialMessage } = startSession(
  DeviceIdentity.generate(),
  store.bundle(),
  randomBytes(200),
  {
    suite,
  },
);
const { session: b } = acceptSession(bob, store, initialMessage);
const msg = randomBytes(200);
for (let i = 0; i < rounds; i++) b.decrypt(a.encrypt(msg));
process.stdout.write(`${rounds} round trips\n`);
