import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AeadEncryptionContext,
  AeadId,
  type AeadInterface,
  Aes128Gcm,
  CipherSuite,
  DhkemX25519HkdfSha256,
  HkdfSha256,
} from '@hpke/core';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { CryptoError as MlsCryptoError } from 'ts-mls/mlsError.js';
import { CryptoError } from '../errors.js';
import {
  type CryptoBackendChoice,
  generateX25519,
  randomBytes,
  setCryptoBackend,
} from '../primitives/index.js';
import { type HpkeAeadKind, HpkeX25519Base } from './hpke-base.js';
import { mlsCiphersuite } from './noble-provider.js';

const bytesOf = (b: ArrayBufferLike | ArrayBufferView): Uint8Array =>
  ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);

/** ChaCha20-Poly1305 for the reference suite, straight from noble (`@hpke/core` ships only AES-GCM). */
class ReferenceChacha implements AeadInterface {
  readonly id = AeadId.Chacha20Poly1305;
  readonly keySize = 32;
  readonly nonceSize = 12;
  readonly tagSize = 16;
  createEncryptionContext(key: ArrayBufferLike | ArrayBufferView): AeadEncryptionContext {
    const k = bytesOf(key).slice();
    const run = (iv: ArrayBufferLike | ArrayBufferView, aad: ArrayBufferLike | ArrayBufferView) =>
      chacha20poly1305(k, bytesOf(iv), bytesOf(aad));
    return {
      seal: async (iv, data, aad) => {
        const out = run(iv, aad).encrypt(bytesOf(data));
        return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
      },
      open: async (iv, data, aad) => {
        const out = run(iv, aad).decrypt(bytesOf(data));
        return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
      },
    };
  }
}

/** Unmodified `@hpke/core` (its own DHKEM, HKDF and, for AES, AEAD): the reference implementation. */
function reference(kind: HpkeAeadKind): CipherSuite {
  return new CipherSuite({
    kem: new DhkemX25519HkdfSha256(),
    kdf: new HkdfSha256(),
    aead: kind === 'AES128GCM' ? new Aes128Gcm() : new ReferenceChacha(),
  });
}

const ab = (u: Uint8Array): ArrayBuffer => u.slice().buffer as ArrayBuffer;
const KINDS: HpkeAeadKind[] = ['AES128GCM', 'CHACHA20POLY1305'];
const BACKENDS: CryptoBackendChoice[] = ['auto', 'js', 'web'];

async function underBackend(backend: CryptoBackendChoice, fn: () => Promise<void>): Promise<void> {
  setCryptoBackend(backend);
  try {
    await fn();
  } finally {
    setCryptoBackend('auto');
  }
}

describe('HPKE base mode (RFC 9180 §6.1) on the wrappers', () => {
  for (const kind of KINDS) {
    for (const backend of BACKENDS) {
      it(`equals @hpke/core byte for byte with the same ephemeral key (${kind}, ${backend})`, async () => {
        await underBackend(backend, async () => {
          const ref = reference(kind);
          const ours = new HpkeX25519Base(kind);
          // lengths: empty plaintext / info / aad, a path secret, a Welcome-sized payload
          const cases = [
            { pt: 0, info: 0, aad: 0 },
            { pt: 32, info: 150, aad: 0 },
            { pt: 1000, info: 7, aad: 33 },
          ];
          for (const [i, c] of cases.entries()) {
            const id = `case ${i} (${kind}, ${backend})`;
            const recipient = generateX25519();
            const ikmE = randomBytes(32);
            const refEphemeral = await ref.kem.deriveKeyPair(ab(ikmE));
            const ephemeral = {
              secretKey: new Uint8Array(await ref.kem.serializePrivateKey(refEphemeral.privateKey)),
              publicKey: new Uint8Array(await ref.kem.serializePublicKey(refEphemeral.publicKey)),
            };
            const pt = randomBytes(c.pt);
            const info = randomBytes(c.info);
            const aad = randomBytes(c.aad);
            const expected = await ref.seal(
              {
                recipientPublicKey: await ref.kem.deserializePublicKey(ab(recipient.publicKey)),
                info: ab(info),
                ekm: ab(ikmE),
              },
              ab(pt),
              ab(aad),
            );
            const got = await ours.seal(recipient.publicKey, info, aad, pt, ephemeral);
            assert.deepEqual(got.enc, new Uint8Array(expected.enc), `${id}: enc`);
            assert.deepEqual(got.ct, new Uint8Array(expected.ct), `${id}: ct`);
            assert.equal(got.ct.length, c.pt + 16, `${id}: one tag`);
            // a fresh ephemeral key: each side opens the other's output
            const fresh = await ours.seal(recipient.publicKey, info, aad, pt);
            assert.notDeepEqual(fresh.enc, got.enc, `${id}: a fresh ephemeral key per seal`);
            const opened = await ref.open(
              {
                recipientKey: await ref.kem.deserializePrivateKey(ab(recipient.secretKey)),
                enc: ab(fresh.enc),
                info: ab(info),
              },
              ab(fresh.ct),
              ab(aad),
            );
            assert.deepEqual(new Uint8Array(opened), pt, `${id}: @hpke/core opens ours`);
            const back = await ours.open(
              recipient.secretKey,
              recipient.publicKey,
              new Uint8Array(expected.enc),
              info,
              aad,
              new Uint8Array(expected.ct),
            );
            assert.deepEqual(back, pt, `${id}: ours opens @hpke/core's`);
          }
        });
      });
    }

    it(`open refuses anything but the sealed inputs (${kind})`, async () => {
      const hpke = new HpkeX25519Base(kind);
      const r = generateX25519();
      const other = generateX25519();
      const info = randomBytes(40);
      const aad = randomBytes(5);
      const pt = randomBytes(32);
      const { enc, ct } = await hpke.seal(r.publicKey, info, aad, pt);
      assert.deepEqual(await hpke.open(r.secretKey, r.publicKey, enc, info, aad, ct), pt);
      const flip = (b: Uint8Array, i: number) => {
        const c = b.slice();
        c[i] = (c[i] as number) ^ 1;
        return c;
      };
      const wrong: [string, () => Promise<Uint8Array>][] = [
        ['other info', () => hpke.open(r.secretKey, r.publicKey, enc, flip(info, 3), aad, ct)],
        ['other aad', () => hpke.open(r.secretKey, r.publicKey, enc, info, flip(aad, 0), ct)],
        ['ciphertext bit', () => hpke.open(r.secretKey, r.publicKey, enc, info, aad, flip(ct, 2))],
        ['tag bit', () => hpke.open(r.secretKey, r.publicKey, enc, info, aad, flip(ct, ct.length - 1))],
        ['enc bit', () => hpke.open(r.secretKey, r.publicKey, flip(enc, 5), info, aad, ct)],
        ['other recipient', () => hpke.open(other.secretKey, other.publicKey, enc, info, aad, ct)],
        // pkRm is bound through the KEM context: the right secret with a wrong public key fails too
        ['wrong pkRm', () => hpke.open(r.secretKey, other.publicKey, enc, info, aad, ct)],
      ];
      for (const [name, f] of wrong) {
        await assert.rejects(
          f(),
          (e) => e instanceof CryptoError && e.code === 'CRYPTO_DECRYPT_FAILED',
          `${name} must not open`,
        );
      }
    });

    it(`refuses a low-order public key (all-zero DH, RFC 9180 §7.1.4) (${kind})`, async () => {
      const hpke = new HpkeX25519Base(kind);
      const r = generateX25519();
      const zero = new Uint8Array(32);
      for (const backend of BACKENDS) {
        await underBackend(backend, async () => {
          await assert.rejects(
            hpke.seal(zero, randomBytes(8), new Uint8Array(0), randomBytes(32)),
            (e) => e instanceof CryptoError && e.code === 'CRYPTO_WEAK_DH',
            `seal to u = 0 (${backend})`,
          );
          await assert.rejects(
            hpke.open(r.secretKey, r.publicKey, zero, randomBytes(8), new Uint8Array(0), randomBytes(48)),
            (e) => e instanceof CryptoError && e.code === 'CRYPTO_WEAK_DH',
            `open with enc = 0 (${backend})`,
          );
        });
      }
      const empty = new Uint8Array(0);
      await assert.rejects(hpke.seal(new Uint8Array(31), empty, empty, empty), RangeError);
    });
  }

  it('the MLS provider seals through it: @hpke/core opens its EncryptWithLabel outputs', async () => {
    for (const [suite, kind] of [
      ['MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519', 'CHACHA20POLY1305'],
      ['MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519', 'AES128GCM'],
    ] as const) {
      const cs = await mlsCiphersuite(suite);
      const ref = reference(kind);
      const r = generateX25519();
      const info = randomBytes(120);
      const pt = randomBytes(32);
      const { enc, ct } = await cs.hpke.seal(await cs.hpke.importPublicKey(r.publicKey), pt, info);
      const opened = await ref.open(
        { recipientKey: await ref.kem.deserializePrivateKey(ab(r.secretKey)), enc: ab(enc), info: ab(info) },
        ab(ct),
      );
      assert.deepEqual(new Uint8Array(opened), pt, suite);
      // and the provider's open takes @hpke/core's output
      const sealed = await ref.seal(
        { recipientPublicKey: await ref.kem.deserializePublicKey(ab(r.publicKey)), info: ab(info) },
        ab(pt),
      );
      const back = await cs.hpke.open(
        await cs.hpke.importPrivateKey(r.secretKey),
        new Uint8Array(sealed.enc),
        new Uint8Array(sealed.ct),
        info,
      );
      assert.deepEqual(back, pt, `${suite}: open`);
      await assert.rejects(
        cs.hpke.open(await cs.hpke.importPrivateKey(r.secretKey), new Uint8Array(sealed.enc), ct, info),
        (e) => e instanceof MlsCryptoError,
        `${suite}: a failed open is ts-mls's CryptoError`,
      );
    }
  });
});
