import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { concatBytes, fromHex, toHex, utf8 } from '../crypto/bytes.js';
import { DeviceIdentity } from '../crypto/identity/index.js';
import {
  decodeRejoinProof,
  REJOIN_NONCE_LENGTH,
  REJOIN_PROOF_LENGTH,
  type RejoinBinding,
  rejoinSignedBytes,
  signRejoinProof,
  verifyRejoinProof,
} from './rejoin-request.js';

// The golden vector of docs/protocol.md "Group rejoin" (Ed25519 signatures are deterministic, RFC 8032 §5.1.6).
const identity = await DeviceIdentity.deserializeAsync(
  concatBytes(
    new Uint8Array([1]),
    new Uint8Array(32).fill(0x11),
    new Uint8Array(32).fill(0x22),
    new Uint8Array(32).fill(0x33),
  ),
);
const binding: RejoinBinding = {
  roomId: 'room-1',
  groupId: utf8('room-1'),
  oldLeaf: 2,
  oldLeafSignatureKey: new Uint8Array(32).fill(0x44),
  keyPackage: new Uint8Array(10).fill(0x55),
};
const nonce = new Uint8Array(REJOIN_NONCE_LENGTH).fill(0x66);
const SIGNED =
  '4372797054616c6b2076312067726f75702072656a6f696e0006726f6f6d2d310006726f6f6d2d3100000002002044444444' +
  '44444444444444444444444444444444444444444444444444444444df621175cfd3824b14982685828384c31bd9a456e862' +
  'afdf7bee7222a2fe65a066666666666666666666666666666666';
const PROOF =
  '010000000266666666666666666666666666666666698452f1cf131b0b3d92a5282fd2eb0a995f9e9a0ffb62c0fde9cb8713f9aff2' +
  '02017c950a13aa86f05d1cc794b820cea0b6f223c5d6cf909c2f5063615d1707';

test('rejoin proof: the golden vector of docs/protocol.md', async () => {
  assert.equal(
    toHex(identity.publicIdentity.signingKey),
    'd04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737',
  );
  assert.equal(toHex(rejoinSignedBytes(binding, nonce)), SIGNED, 'signed bytes');
  const proof = await signRejoinProof(binding, nonce, (m) => identity.signAsync(m));
  assert.equal(toHex(proof), PROOF, 'proof bytes');
  assert.equal(proof.length, REJOIN_PROOF_LENGTH);
  const decoded = decodeRejoinProof(fromHex(PROOF));
  assert.ok(decoded);
  assert.equal(decoded.oldLeaf, 2);
  assert.ok(await verifyRejoinProof(decoded, binding, identity.publicIdentity.signingKey));
});

test('rejoin proof: round trip, strict decoding, and every changed binding field fails (property)', async () => {
  const other = await DeviceIdentity.generateAsync();
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        roomId: fc.string({ maxLength: 40 }),
        groupId: fc.uint8Array({ minLength: 1, maxLength: 40 }),
        oldLeaf: fc.nat(1000),
        oldLeafSignatureKey: fc.uint8Array({ minLength: 32, maxLength: 32 }),
        keyPackage: fc.uint8Array({ minLength: 1, maxLength: 64 }),
      }),
      fc.uint8Array({ minLength: REJOIN_NONCE_LENGTH, maxLength: REJOIN_NONCE_LENGTH }),
      fc.constantFrom('roomId', 'groupId', 'oldLeafSignatureKey', 'keyPackage', 'signer'),
      async (b, n, change) => {
        const bytes = await signRejoinProof(b, n, (m) => identity.signAsync(m));
        const p = decodeRejoinProof(bytes);
        assert.ok(p && p.oldLeaf === b.oldLeaf && toHex(p.nonce) === toHex(n));
        assert.ok(await verifyRejoinProof(p, b, identity.publicIdentity.signingKey));
        assert.equal(decodeRejoinProof(bytes.subarray(1)), undefined, 'truncated');
        assert.equal(decodeRejoinProof(concatBytes(bytes, new Uint8Array(1))), undefined, 'trailing byte');
        assert.equal(
          decodeRejoinProof(concatBytes(new Uint8Array([2]), bytes.subarray(1))),
          undefined,
          'version',
        );
        const flip = (x: Uint8Array) => concatBytes(x, new Uint8Array([1]));
        const changed: RejoinBinding =
          change === 'roomId'
            ? { ...b, roomId: `${b.roomId}x` }
            : change === 'groupId'
              ? { ...b, groupId: flip(b.groupId) }
              : change === 'oldLeafSignatureKey'
                ? { ...b, oldLeafSignatureKey: flip(b.oldLeafSignatureKey) }
                : change === 'keyPackage'
                  ? { ...b, keyPackage: flip(b.keyPackage) }
                  : b;
        const key =
          change === 'signer' ? other.publicIdentity.signingKey : identity.publicIdentity.signingKey;
        assert.equal(await verifyRejoinProof(p, changed, key), false, change);
        assert.equal(
          await verifyRejoinProof(p, { ...b, oldLeaf: b.oldLeaf + 1 }, identity.publicIdentity.signingKey),
          false,
        );
      },
    ),
    { numRuns: 100 },
  );
});
