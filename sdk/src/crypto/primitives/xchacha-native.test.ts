import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { toHex } from '../bytes.js';
import { useBackend } from '../test-backends.js';
import { setCryptoBackend } from './native.js';
import { randomBytes } from './random.js';
import { nativeXChaChaOpen, nativeXChaChaSealInto } from './xchacha-native.js';

/** noble's XChaCha20-Poly1305, the reference the native construction must match byte for byte. */
const noble = (key: Uint8Array, nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array) =>
  xchacha20poly1305(key, nonce, aad).encrypt(pt);

function sealNative(key: Uint8Array, nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array): Uint8Array {
  const out = new Uint8Array(pt.length + 16);
  nativeXChaChaSealInto(key, nonce, pt, aad, out, 0);
  return out;
}

describe('XChaCha20-Poly1305 as HChaCha20 + native ChaCha20-Poly1305', () => {
  before(() => useBackend('native'));
  after(() => setCryptoBackend('auto'));

  it('seals to the bytes of noble xchacha20poly1305 and opens them, at every length around the block size', () => {
    let ran = 0;
    for (let len = 0; len <= 200; len += len < 140 ? 1 : 30) {
      const key = randomBytes(32);
      const nonce = randomBytes(24);
      const pt = randomBytes(len);
      const aad = randomBytes(len % 17);
      const sealed = sealNative(key, nonce, pt, aad);
      assert.equal(toHex(sealed), toHex(noble(key, nonce, pt, aad)), `length ${len}`);
      assert.equal(
        toHex(nativeXChaChaOpen(key, nonce, sealed, aad) as Uint8Array),
        toHex(pt),
        `length ${len}`,
      );
      ran++;
    }
    assert.equal(ran, 143);
  });

  it('each call stands alone: interleaved keys and nonces give each its own result; inputs are not modified', () => {
    const a = { key: randomBytes(32), nonce: randomBytes(24) };
    const b = { key: randomBytes(32), nonce: randomBytes(24) };
    const pt = randomBytes(300);
    const aad = randomBytes(12);
    const [aKey, aNonce] = [toHex(a.key), toHex(a.nonce)];
    const sa = sealNative(a.key, a.nonce, pt, aad);
    const sb = sealNative(b.key, b.nonce, pt, aad);
    assert.equal(toHex(sb), toHex(noble(b.key, b.nonce, pt, aad)));
    assert.equal(toHex(nativeXChaChaOpen(a.key, a.nonce, sa, aad) as Uint8Array), toHex(pt));
    assert.equal(nativeXChaChaOpen(b.key, b.nonce, sa, aad), undefined, "a's record under b's key");
    assert.equal(toHex(sealNative(a.key, a.nonce, pt, aad)), toHex(sa), 'same inputs, same bytes');
    assert.equal(toHex(a.key) + toHex(a.nonce), aKey + aNonce);
  });

  it('writes only its output range of dest', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(24);
    const pt = randomBytes(70);
    const dest = new Uint8Array(3 + 86 + 4).fill(0xee);
    nativeXChaChaSealInto(key, nonce, pt, new Uint8Array(0), dest, 3);
    assert.equal(toHex(dest), `eeeeee${toHex(noble(key, nonce, pt, new Uint8Array(0)))}eeeeeeee`);
  });

  it('a forged tag or ciphertext opens to undefined', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(24);
    const sealed = sealNative(key, nonce, randomBytes(64), new Uint8Array(0));
    for (const i of [0, 63, 64, 79]) {
      const forged = sealed.slice();
      forged[i] = (forged[i] as number) ^ 1;
      assert.equal(nativeXChaChaOpen(key, nonce, forged, new Uint8Array(0)), undefined, `byte ${i}`);
    }
  });
});
