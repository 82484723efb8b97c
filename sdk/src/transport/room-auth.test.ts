import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthError, ChallengeVerifier, deriveRoomAuthKey } from '../crypto/auth/index.js';
import { randomBytes, setCryptoBackend } from '../crypto/primitives/index.js';
import { fromBase64url, PROTOCOL_VERSION, toBase64url } from '../protocol/index.js';
import { RoomAuth } from './room-auth.js';

const ORIGIN = 'wss://relay.example.com';

describe('RoomAuth', () => {
  // 'web' is what a browser runs (WebCrypto Ed25519); 'auto' is Node's native backend; 'js' is noble
  for (const backend of ['web', 'auto', 'js'] as const) {
    it(`proves each room's pseudonymous key so the relay's verifier accepts it, once (${backend})`, async () => {
      setCryptoBackend(backend);
      try {
        const secret = randomBytes(32);
        const auth = new RoomAuth(secret, ORIGIN);
        const verifier = new ChallengeVerifier({ origin: ORIGIN });
        for (const room of ['room-a', 'r\u00e9union']) {
          const expected = toBase64url(deriveRoomAuthKey(secret, room).publicKey);
          assert.equal(await auth.publicKey(room), expected, room);
          const ch = verifier.issue('conn-1');
          const frame = {
            v: PROTOCOL_VERSION,
            t: 'challenge' as const,
            connId: ch.connId,
            nonce: toBase64url(ch.nonce),
            issuedAt: ch.issuedAt,
          };
          const proof = await auth.prove(room, frame);
          assert.equal(proof.key, expected, room);
          assert.equal(proof.nonce, frame.nonce);
          const ok = verifier.verify(
            ch.nonce,
            fromBase64url(proof.key),
            fromBase64url(proof.sig),
            ORIGIN,
            'conn-1',
          );
          assert.equal(ok.connId, 'conn-1', room);
          // a proof for one room does not open another
          const other = verifier.issue('conn-1');
          const misplaced = await auth.prove(room === 'room-a' ? 'r\u00e9union' : 'room-a', {
            ...frame,
            nonce: toBase64url(other.nonce),
            issuedAt: other.issuedAt,
          });
          assert.throws(
            () =>
              verifier.verify(
                other.nonce,
                fromBase64url(expected),
                fromBase64url(misplaced.sig),
                ORIGIN,
                'conn-1',
              ),
            (e: unknown) => e instanceof AuthError && e.code === 'AUTH_BAD_PROOF',
          );
        }
        auth.destroy();
      } finally {
        setCryptoBackend('auto');
      }
    });
  }

  it('rejects a bad room id and still serves good ones afterwards', async () => {
    const secret = randomBytes(32);
    const auth = new RoomAuth(secret, ORIGIN);
    await assert.rejects(auth.publicKey(''), RangeError);
    await assert.rejects(auth.publicKey('x'.repeat(256)), RangeError);
    assert.equal(await auth.publicKey('ok'), toBase64url(deriveRoomAuthKey(secret, 'ok').publicKey));
  });
});
