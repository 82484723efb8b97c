import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptoError } from '../crypto/errors.js';
import { DeviceIdentity, encodePublicIdentity } from '../crypto/identity/index.js';
import { decodeMemberIdentity } from './member-identity.js';

test('a member identity decodes to the same identity every time (the second from memory), each time into new arrays', () => {
  const me = DeviceIdentity.generate().publicIdentity;
  const bytes = encodePublicIdentity(me);
  const first = decodeMemberIdentity(bytes);
  assert.deepEqual(first, me);
  first.signingKey.fill(0); // a caller changing its copy changes nothing for the next one
  const again = decodeMemberIdentity(bytes);
  assert.deepEqual(again, me);
  assert.notEqual(again.signingKey, first.signingKey);
});

test('a forged identity is refused every time, also after a genuine one with the same signing key', () => {
  const me = DeviceIdentity.generate().publicIdentity;
  const other = DeviceIdentity.generate().publicIdentity;
  decodeMemberIdentity(encodePublicIdentity(me));
  const forgeries = [
    // another X25519 key under my signing key, with my signature of my own key
    encodePublicIdentity({ ...me, dhKey: other.dhKey }),
    // my keys with a signature changed in one bit
    encodePublicIdentity({ ...me, dhKeySignature: me.dhKeySignature.map((b, i) => (i === 5 ? b ^ 1 : b)) }),
  ];
  for (const forged of forgeries) {
    for (let i = 0; i < 2; i++) {
      assert.throws(
        () => decodeMemberIdentity(forged),
        (e: unknown) => e instanceof CryptoError,
      );
    }
  }
  assert.throws(() => decodeMemberIdentity(new Uint8Array(12)));
});
