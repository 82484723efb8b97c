import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptoError } from '../crypto/errors.js';
import { DeviceIdentity, encodePublicIdentity } from '../crypto/identity/index.js';
import { knownMemberIdentity, verifyMemberIdentity } from './member-identity.js';

test('a member identity is unknown until verified, then decodes to the same identity every time (from memory), each time into new arrays', async () => {
  const me = (await DeviceIdentity.generateAsync()).publicIdentity;
  const bytes = encodePublicIdentity(me);
  assert.equal(knownMemberIdentity(bytes), undefined, 'never verified: not known');
  const first = await verifyMemberIdentity(bytes);
  assert.deepEqual(first, me);
  first.signingKey.fill(0); // a caller changing its copy changes nothing for the next one
  const again = await verifyMemberIdentity(bytes);
  assert.deepEqual(again, me);
  assert.notEqual(again.signingKey, first.signingKey);
  const known = knownMemberIdentity(bytes);
  assert.deepEqual(known, me, 'known once verified');
  assert.notEqual(known?.signingKey, again.signingKey);
});

test('a forged identity is refused every time, also after a genuine one with the same signing key, and never known', async () => {
  const me = (await DeviceIdentity.generateAsync()).publicIdentity;
  const other = (await DeviceIdentity.generateAsync()).publicIdentity;
  await verifyMemberIdentity(encodePublicIdentity(me));
  const forgeries = [
    // another X25519 key under my signing key, with my signature of my own key
    encodePublicIdentity({ ...me, dhKey: other.dhKey }),
    // my keys with a signature changed in one bit
    encodePublicIdentity({ ...me, dhKeySignature: me.dhKeySignature.map((b, i) => (i === 5 ? b ^ 1 : b)) }),
  ];
  for (const forged of forgeries) {
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        verifyMemberIdentity(forged),
        (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_BAD_SIGNATURE',
      );
      assert.equal(knownMemberIdentity(forged), undefined);
    }
  }
  await assert.rejects(
    verifyMemberIdentity(new Uint8Array(12)),
    (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_INVALID_INPUT',
  );
});
