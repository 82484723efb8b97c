import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fromHex, toHex, utf8 } from '../bytes.js';
import { describeBackends } from '../test-backends.js';
import { aeadOpen, aeadSeal } from './aead.js';
import { AeadSuite } from './aead-base.js';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.js';
import { hkdfSha256, hmacSha512 } from './kdf.js';
import { x25519Dh, x25519PublicKey } from './x25519.js';

describeBackends('RFC examples', () => {
  it('RFC 7748 §5.2 test vector 1 and §6.1 Diffie-Hellman', () => {
    assert.equal(
      toHex(
        x25519Dh(
          fromHex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4'),
          fromHex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c'),
        ),
      ),
      'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
    );
    const a = fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const b = fromHex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
    assert.equal(
      toHex(x25519PublicKey(a)),
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    );
    assert.equal(
      toHex(x25519PublicKey(b)),
      'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    );
    const k = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    assert.equal(toHex(x25519Dh(a, x25519PublicKey(b))), k);
    assert.equal(toHex(x25519Dh(b, x25519PublicKey(a))), k);
  });

  it('RFC 8032 §7.1 TEST 1', () => {
    const sk = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const pk = ed25519PublicKey(sk);
    assert.equal(toHex(pk), 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = ed25519Sign(sk, new Uint8Array(0));
    assert.equal(
      toHex(sig),
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    assert.equal(ed25519Verify(pk, new Uint8Array(0), sig), true);
    assert.equal(ed25519Verify(pk, new Uint8Array([0]), sig), false);
  });

  it('RFC 8439 §2.8.2 AEAD_CHACHA20_POLY1305', () => {
    const key = fromHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = fromHex('070000004041424344454647');
    const aad = fromHex('50515253c0c1c2c3c4c5c6c7');
    const pt = utf8(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const expected =
      'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116' +
      '1ae10b594f09e26a7e902ecbd0600691';
    const sealed = aeadSeal(AeadSuite.CHACHA20_POLY1305, key, nonce, pt, aad);
    assert.equal(toHex(sealed), expected);
    assert.deepEqual(aeadOpen(AeadSuite.CHACHA20_POLY1305, key, nonce, sealed, aad), pt);
  });

  it('draft-irtf-cfrg-xchacha-03 §A.3.1 AEAD_XChaCha20_Poly1305', () => {
    const key = fromHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = fromHex('404142434445464748494a4b4c4d4e4f5051525354555657');
    const aad = fromHex('50515253c0c1c2c3c4c5c6c7');
    const pt = utf8(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const expected =
      'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e' +
      'c0875924c1c7987947deafd8780acf49';
    const sealed = aeadSeal(AeadSuite.XCHACHA20_POLY1305, key, nonce, pt, aad);
    assert.equal(toHex(sealed), expected);
    assert.deepEqual(aeadOpen(AeadSuite.XCHACHA20_POLY1305, key, nonce, sealed, aad), pt);
  });

  it('RFC 4231 §4.3 test case 2 (HMAC-SHA-512)', () => {
    assert.equal(
      toHex(hmacSha512(utf8('Jefe'), utf8('what do ya want for nothing?'))),
      '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    );
  });

  it('RFC 5869 A.1 and A.3', () => {
    const ikm = new Uint8Array(22).fill(0x0b);
    assert.equal(
      toHex(hkdfSha256(ikm, fromHex('000102030405060708090a0b0c'), fromHex('f0f1f2f3f4f5f6f7f8f9'), 42)),
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
    assert.equal(
      toHex(hkdfSha256(ikm, new Uint8Array(0), new Uint8Array(0), 42)),
      '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    );
  });
});
