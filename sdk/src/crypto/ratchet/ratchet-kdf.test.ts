import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fromHex, toHex } from '../bytes.js';
import { describeBackends } from '../test-backends.js';
import { bodyKeyOf, kdfChainOf } from './ratchet-kdf.js';

// Known answers of docs/protocol.md "Double Ratchet with header encryption" (chain key 11 × 32).
const CK = fromHex('11'.repeat(32));

describeBackends('Double Ratchet KDF_CK and body key, known answers', () => {
  it("version 1: mk = HMAC-SHA256(ck, 01), ck' = HMAC-SHA256(ck, 02), body key = HMAC-SHA256(mk, label || 01)", () => {
    const { chainKey, messageKey } = kdfChainOf(1, CK);
    assert.equal(toHex(chainKey), 'ed50b271f4852277c8218e209858d8bd32a3228a9e4fb6b5a16fb9b4755c53bc');
    assert.equal(toHex(messageKey), 'c4ede064b5f2a51225b2175e5b84fb73f9cec689ac3d912ac4878f7ebeab0149');
    assert.equal(
      toHex(bodyKeyOf(1, messageKey)),
      'faa30f746beb6387e6c73647803a097a6cd9f5f91196cb612484fca5710800df',
    );
  });

  it('version 2: HMAC-SHA512(ck, "CrypTalk v2 ratchet chain") = ck\' || mk, body key = mk', () => {
    const { chainKey, messageKey } = kdfChainOf(2, CK);
    assert.equal(toHex(chainKey), '532b913d0e9ea988ba6a66cd2b6237f2b8d6d0410df97aff0ed78b2ec4f839be');
    assert.equal(toHex(messageKey), 'a1d4d58e75a51f3472ece778879b1f5dce8287ae5aa9024fc83c80a057d7ba16');
    assert.equal(bodyKeyOf(2, messageKey), messageKey);
    // the next step depends on ck' only
    const next = kdfChainOf(2, chainKey.slice());
    assert.notEqual(toHex(next.messageKey), toHex(messageKey));
    assert.equal(toHex(kdfChainOf(2, chainKey.slice()).messageKey), toHex(next.messageKey));
  });
});
