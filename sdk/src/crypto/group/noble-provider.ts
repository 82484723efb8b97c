/**
 * A ts-mls `CryptoProvider` built on the crypto core's noble wrappers.
 *
 * - KDF: HKDF-SHA256 (`primitives/kdf.ts`, @noble/hashes).
 * - Hash / MAC: SHA-256, HMAC-SHA256 with constant-time verification (@noble/hashes).
 * - Signature: Ed25519, strict RFC 8032 verification (`primitives/ed25519.ts`, @noble/curves).
 * - AEAD for message protection and inside HPKE: AES-128-GCM / ChaCha20-Poly1305 (@noble/ciphers).
 * - HPKE (RFC 9180) framing: `@hpke/core` (ts-mls's own dependency) with the noble AEAD and noble HKDF plugged
 *   into its key schedule; its DHKEM(X25519, HKDF-SHA256) keeps the platform's WebCrypto X25519 and HMAC.
 * - RNG: the platform CSPRNG.
 *
 * Supported: MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (1) and
 * MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519 (3). The MLS interop vectors prove the pairing.
 *
 * @module
 */

import {
  type AeadEncryptionContext,
  AeadId,
  type AeadInterface,
  CipherSuite,
  DhkemX25519HkdfSha256,
  HkdfSha256,
} from '@hpke/core';
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Ciphersuite, CiphersuiteImpl, CiphersuiteName, CryptoProvider } from 'ts-mls';
import { getCiphersuiteFromName } from 'ts-mls';
import { makeGenericHpke } from 'ts-mls/crypto/implementation/hpke.js';
import { equalBytes, toHex } from '../bytes.js';
import { GroupError } from '../errors.js';
import { MLS_HPKE_PUBLIC_KEY_CACHE } from '../limits.js';
import {
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  generateEd25519,
  hkdfExpand,
  hkdfExtract,
  hkdfSha256,
  hmacSha256,
  randomBytes,
} from '../primitives/index.js';

/** MLS ciphersuites this provider implements. */
export const SUPPORTED_MLS_CIPHERSUITES = [
  'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519',
  'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519',
] as const satisfies readonly CiphersuiteName[];

/** One of {@link SUPPORTED_MLS_CIPHERSUITES}. */
export type MlsCiphersuiteName = (typeof SUPPORTED_MLS_CIPHERSUITES)[number];

/** The default MLS ciphersuite of CrypTalk rooms. */
export const DEFAULT_MLS_CIPHERSUITE: MlsCiphersuiteName =
  'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519';

type AeadKind = 'AES128GCM' | 'CHACHA20POLY1305';

function nobleAead(kind: AeadKind) {
  const make = (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array) =>
    kind === 'AES128GCM' ? gcm(key, nonce, aad) : chacha20poly1305(key, nonce, aad);
  return {
    async encrypt(
      key: Uint8Array,
      nonce: Uint8Array,
      aad: Uint8Array,
      plaintext: Uint8Array,
    ): Promise<Uint8Array> {
      return make(key, nonce, aad).encrypt(plaintext);
    },
    async decrypt(
      key: Uint8Array,
      nonce: Uint8Array,
      aad: Uint8Array,
      ciphertext: Uint8Array,
    ): Promise<Uint8Array> {
      return make(key, nonce, aad).decrypt(ciphertext);
    },
  };
}

function view(b: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
}

function buffer(u: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(u.length);
  new Uint8Array(out).set(u);
  return out;
}

/**
 * HPKE's HKDF-SHA256 with the HPKE labelling of `@hpke/core` (RFC 9180 §4) and the HMAC/HKDF of the crypto core
 * (noble) instead of WebCrypto's asynchronous HMAC.
 */
class NobleHpkeHkdfSha256 extends HkdfSha256 {
  override async extract(
    salt: ArrayBufferLike | ArrayBufferView,
    ikm: ArrayBufferLike | ArrayBufferView,
  ): Promise<ArrayBuffer> {
    const s = view(salt);
    if (s.length !== 0 && s.length !== 32) throw new RangeError('HPKE salt must be empty or 32 bytes');
    return buffer(hkdfExtract(view(ikm), s.length === 0 ? new Uint8Array(32) : s));
  }

  override async expand(
    prk: ArrayBufferLike | ArrayBufferView,
    info: ArrayBufferLike | ArrayBufferView,
    len: number,
  ): Promise<ArrayBuffer> {
    return buffer(hkdfExpand(view(prk), view(info), len));
  }

  override async extractAndExpand(
    salt: ArrayBufferLike | ArrayBufferView,
    ikm: ArrayBufferLike | ArrayBufferView,
    info: ArrayBufferLike | ArrayBufferView,
    len: number,
  ): Promise<ArrayBuffer> {
    return buffer(hkdfSha256(view(ikm), view(salt), view(info), len));
  }
}

/** HPKE KEM suite id of DHKEM(X25519, HKDF-SHA256): "KEM" || I2OSP(0x0020, 2) (RFC 9180 §4.1, §7.1). */
const KEM_SUITE_ID_X25519 = new Uint8Array([0x4b, 0x45, 0x4d, 0x00, 0x20]);

/**
 * DHKEM(X25519, HKDF-SHA256) (RFC 9180 §4.1) from `@hpke/core` with its labelled HKDF swapped for the noble one:
 * X25519 stays on the platform's WebCrypto, but ExtractAndExpand of every encapsulation and DeriveKeyPair of
 * every path secret no longer make WebCrypto HMAC/HKDF round trips (most of an MLS commit's time at 100
 * members, which seals to every copath node). The MLS vectors (crypto-basics derive_key_pair and
 * encrypt_with_label, welcome, passive-client) prove the outputs unchanged.
 */
class NobleKdfDhkemX25519 extends DhkemX25519HkdfSha256 {
  constructor() {
    super();
    const kdf = new NobleHpkeHkdfSha256();
    kdf.init(KEM_SUITE_ID_X25519);
    const native = this._kdf;
    this._kdf = kdf;
    // DeriveKeyPair (RFC 9180 §7.1.3) runs on the X25519 primitive's copy of the same HKDF: swap it too where
    // the pinned @hpke/core 1.9.0 keeps it; elsewhere it stays on WebCrypto HKDF (same output, slower).
    const prim = this._prim as unknown as { _hkdf?: unknown };
    if (prim._hkdf === native) prim._hkdf = kdf;
  }
}

/** The HPKE AEAD interface of `@hpke/core`, backed by noble. */
class NobleHpkeAead implements AeadInterface {
  readonly id: AeadId;
  readonly keySize: number;
  readonly nonceSize = 12;
  readonly tagSize = 16;
  readonly #kind: AeadKind;

  constructor(kind: AeadKind) {
    this.#kind = kind;
    this.id = kind === 'AES128GCM' ? AeadId.Aes128Gcm : AeadId.Chacha20Poly1305;
    this.keySize = kind === 'AES128GCM' ? 16 : 32;
  }

  createEncryptionContext(key: ArrayBufferLike | ArrayBufferView): AeadEncryptionContext {
    const k = view(key).slice();
    const aead = nobleAead(this.#kind);
    return {
      seal: async (iv, data, aad) => buffer(await aead.encrypt(k, view(iv), view(aad), view(data))),
      open: async (iv, data, aad) => buffer(await aead.decrypt(k, view(iv), view(aad), view(data))),
    };
  }
}

/**
 * Wraps `importPublicKey` with a bounded cache keyed by the key's bytes: ts-mls imports the HPKE key of every
 * copath node on every commit, and the same keys recur across commits. Public values only; a failed import is
 * not cached.
 */
function cachePublicKeyImports(hpke: CiphersuiteImpl['hpke']): CiphersuiteImpl['hpke'] {
  const cache = new Map<string, Promise<unknown>>();
  const importPublicKey = hpke.importPublicKey.bind(hpke);
  hpke.importPublicKey = (k: Uint8Array) => {
    const id = toHex(k);
    let p = cache.get(id);
    if (!p) {
      p = importPublicKey(k);
      p.catch(() => cache.delete(id));
      cache.set(id, p);
      if (cache.size > MLS_HPKE_PUBLIC_KEY_CACHE) cache.delete(cache.keys().next().value as string);
    }
    return p as ReturnType<typeof importPublicKey>;
  };
  return hpke;
}

async function makeImpl(cs: Ciphersuite): Promise<CiphersuiteImpl> {
  if (!(SUPPORTED_MLS_CIPHERSUITES as readonly string[]).includes(cs.name))
    throw GroupError.unsupportedCiphersuite(cs.name);
  const kind = cs.hpke.aead as AeadKind;
  const aead = nobleAead(kind);
  const hpkeSuite = new CipherSuite({
    kem: new NobleKdfDhkemX25519(),
    kdf: new NobleHpkeHkdfSha256(),
    aead: new NobleHpkeAead(kind),
  });
  return {
    name: cs.name,
    kdf: {
      async extract(salt, ikm) {
        return hkdfExtract(ikm, salt);
      },
      async expand(prk, info, len) {
        return hkdfExpand(prk, info, len);
      },
      size: 32,
    },
    hash: {
      async digest(data) {
        return sha256(data);
      },
      async mac(key, data) {
        return hmacSha256(key, data);
      },
      async verifyMac(key, mac, data) {
        return equalBytes(hmacSha256(key, data), mac);
      },
    },
    signature: {
      async sign(signKey, message) {
        return ed25519Sign(signKey, message);
      },
      async verify(publicKey, message, signature) {
        return ed25519Verify(publicKey, message, signature);
      },
      async keygen() {
        const kp = generateEd25519();
        return { signKey: kp.secretKey, publicKey: ed25519PublicKey(kp.secretKey) };
      },
    },
    hpke: cachePublicKeyImports(await makeGenericHpke(cs.hpke, aead, hpkeSuite)),
    rng: { randomBytes },
  };
}

/**
 * The CrypTalk MLS crypto provider (pass to ts-mls `getCiphersuiteImpl(cs, provider)`).
 *
 * @throws GroupError GROUP_UNSUPPORTED_SUITE for other ciphersuites.
 */
export const cryptalkMlsProvider: CryptoProvider = { getCiphersuiteImpl: makeImpl };

const cache = new Map<string, Promise<CiphersuiteImpl>>();

/**
 * The ciphersuite implementation for a supported name (cached).
 *
 * @throws GroupError GROUP_UNSUPPORTED_SUITE.
 */
export function mlsCiphersuite(name: MlsCiphersuiteName = DEFAULT_MLS_CIPHERSUITE): Promise<CiphersuiteImpl> {
  if (!(SUPPORTED_MLS_CIPHERSUITES as readonly string[]).includes(name)) {
    return Promise.reject(GroupError.unsupportedCiphersuite(String(name)));
  }
  let impl = cache.get(name);
  if (!impl) {
    impl = makeImpl(getCiphersuiteFromName(name));
    cache.set(name, impl);
  }
  return impl;
}
