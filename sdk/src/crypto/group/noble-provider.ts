/**
 * A ts-mls `CryptoProvider` built on the crypto core's primitive wrappers, so it runs on whichever backend
 * they use (`primitives/native.ts`: node:crypto where the host offers it, noble otherwise; same bytes).
 *
 * - KDF: HKDF-SHA256 (`primitives/kdf.ts`).
 * - Hash / MAC: SHA-256, HMAC-SHA256 with constant-time verification.
 * - Signature: Ed25519, strict RFC 8032 verification (`primitives/ed25519.ts`).
 * - AEAD for message protection and inside HPKE: AES-128-GCM / ChaCha20-Poly1305 (`primitives/aead.ts`).
 * - HPKE (RFC 9180) framing: `@hpke/core` (ts-mls's own dependency), with the wrappers' AEAD and HKDF plugged
 *   into its key schedule and the wrappers' X25519 as the primitive of its DHKEM(X25519, HKDF-SHA256). Keys are
 *   raw 32-byte strings. X25519 goes through the asynchronous wrappers: node:crypto where the native backend is
 *   active, WebCrypto in a browser that has X25519, noble otherwise.
 * - RNG: the platform CSPRNG.
 *
 * Supported: MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (1) and
 * MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519 (3). The MLS interop vectors prove the pairing.
 *
 * @module
 */

import { Dhkem, KemId } from '@hpke/common';
import { type AeadEncryptionContext, AeadId, type AeadInterface, CipherSuite, HkdfSha256 } from '@hpke/core';
import type { Ciphersuite, CiphersuiteImpl, CiphersuiteName, CryptoProvider } from 'ts-mls';
import { getCiphersuiteFromName } from 'ts-mls';
import { makeGenericHpke } from 'ts-mls/crypto/implementation/hpke.js';
import { equalBytes, utf8 } from '../bytes.js';
import { GroupError } from '../errors.js';
import { MLS_HPKE_PUBLIC_KEY_CACHE } from '../limits.js';
import {
  ed25519SignAsync,
  ed25519VerifyAsync,
  generateEd25519Async,
  generateX25519Async,
  hkdfExpand,
  hkdfExtract,
  hkdfSha256,
  hmacSha256,
  namedAeadOpenAsync,
  namedAeadSealAsync,
  randomBytes,
  sha256Digest,
  X25519_KEY_LENGTH,
  x25519DhAsync,
  x25519PublicKeyAsync,
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
  return {
    async encrypt(
      key: Uint8Array,
      nonce: Uint8Array,
      aad: Uint8Array,
      plaintext: Uint8Array,
    ): Promise<Uint8Array> {
      return namedAeadSealAsync(kind, key, nonce, plaintext, aad);
    },
    async decrypt(
      key: Uint8Array,
      nonce: Uint8Array,
      aad: Uint8Array,
      ciphertext: Uint8Array,
    ): Promise<Uint8Array> {
      return namedAeadOpenAsync(kind, key, nonce, ciphertext, aad);
    },
  };
}

function view(b: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
}

/** A copy of `u` in its own ArrayBuffer (for bytes someone else keeps, such as a key's raw value). */
function buffer(u: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(u.length);
  new Uint8Array(out).set(u);
  return out;
}

/**
 * The ArrayBuffer of `u`, a fresh output of a wrapper nobody else holds: handed over as is when `u` spans all of
 * it (as the wrappers' outputs do), copied otherwise. Saves an allocation and a copy per KDF, DH and AEAD call.
 */
function owned(u: Uint8Array): ArrayBuffer {
  const b = u.buffer;
  return u.byteOffset === 0 && b.byteLength === u.byteLength && b instanceof ArrayBuffer ? b : buffer(u);
}

/** RFC 9180 §5.1: the labels of the key schedule's two hashes of public inputs. */
const LABEL_PSK_ID_HASH = utf8('psk_id_hash');
const LABEL_INFO_HASH = utf8('info_hash');
/** How many `psk_id_hash` / `info_hash` results a KDF remembers (a commit seals many times under one info). */
const PUBLIC_EXTRACT_MEMO = 4;

/** A remembered `secret` extract of one key schedule (see {@link NobleHpkeHkdfSha256.extractAndExpand}). */
interface ScheduleSecret {
  salt: Uint8Array;
  ikm: Uint8Array;
  prk: Uint8Array;
}

/**
 * HPKE's HKDF-SHA256 with the HPKE labelling of `@hpke/core` (RFC 9180 §4) and the HMAC/HKDF of the crypto core
 * instead of WebCrypto's asynchronous HMAC. Two repeats of `@hpke/core`'s key schedule (RFC 9180 §5.1) are
 * computed once, with the same outputs:
 * - `psk_id_hash` and `info_hash` are LabeledExtract("", label, x) of public values; an MLS commit seals to every
 *   copath node under the same info, so the last few are remembered (public inputs and outputs only).
 * - `secret = LabeledExtract(shared_secret, "secret", psk)` is the extract step of each of the schedule's three
 *   ExtractAndExpand calls (exporter secret, key, base nonce); its PRK is kept beside the shared-secret buffer
 *   those calls pass (a WeakMap entry, gone with that buffer) and reused when salt and ikm are byte-equal.
 */
class NobleHpkeHkdfSha256 extends HkdfSha256 {
  readonly #publicHashes: { label: Uint8Array; ikm: Uint8Array; out: ArrayBuffer }[] = [];
  readonly #scheduleSecrets = new WeakMap<object, ScheduleSecret>();

  override async extract(
    salt: ArrayBufferLike | ArrayBufferView,
    ikm: ArrayBufferLike | ArrayBufferView,
  ): Promise<ArrayBuffer> {
    const s = view(salt);
    if (s.length !== 0 && s.length !== 32) throw new RangeError('HPKE salt must be empty or 32 bytes');
    return owned(hkdfExtract(view(ikm), s.length === 0 ? new Uint8Array(32) : s));
  }

  override async labeledExtract(
    salt: ArrayBufferLike | ArrayBufferView,
    label: Uint8Array,
    ikm: Uint8Array,
  ): Promise<ArrayBuffer> {
    const publicHash =
      view(salt).length === 0 && (equalBytes(label, LABEL_INFO_HASH) || equalBytes(label, LABEL_PSK_ID_HASH));
    if (!publicHash) return super.labeledExtract(salt, label, ikm);
    for (const m of this.#publicHashes)
      if (equalBytes(m.label, label) && equalBytes(m.ikm, ikm)) return m.out.slice(0);
    const out = await super.labeledExtract(salt, label, ikm);
    this.#publicHashes.unshift({ label: label.slice(), ikm: ikm.slice(), out: out.slice(0) });
    if (this.#publicHashes.length > PUBLIC_EXTRACT_MEMO) this.#publicHashes.pop();
    return out;
  }

  override async expand(
    prk: ArrayBufferLike | ArrayBufferView,
    info: ArrayBufferLike | ArrayBufferView,
    len: number,
  ): Promise<ArrayBuffer> {
    return owned(hkdfExpand(view(prk), view(info), len));
  }

  override async extractAndExpand(
    salt: ArrayBufferLike | ArrayBufferView,
    ikm: ArrayBufferLike | ArrayBufferView,
    info: ArrayBufferLike | ArrayBufferView,
    len: number,
  ): Promise<ArrayBuffer> {
    const s = view(salt);
    const i = view(ikm);
    // an empty salt is the KEM's ExtractAndExpand: a fresh DH output each time, nothing to reuse
    if (s.length === 0) return owned(hkdfSha256(i, s, view(info), len));
    let secret = this.#scheduleSecrets.get(salt);
    if (!secret || !equalBytes(secret.salt, s) || !equalBytes(secret.ikm, i)) {
      secret = { salt: s.slice(), ikm: i.slice(), prk: hkdfExtract(i, s) };
      this.#scheduleSecrets.set(salt, secret);
    }
    return owned(hkdfExpand(secret.prk, view(info), len));
  }
}

/**
 * An X25519 key as `@hpke/core` and ts-mls handle it: an opaque object (they only pass it back to the KEM),
 * here holding the raw 32 bytes instead of a WebCrypto `CryptoKey`.
 */
class RawX25519Key {
  readonly algorithm = { name: 'X25519' };
  readonly extractable = true;
  readonly usages: KeyUsage[];
  readonly type: 'public' | 'private';
  readonly raw: Uint8Array;
  /** The public key of a private key, computed once when first needed. */
  #publicKey: RawX25519Key | undefined;

  constructor(type: 'public' | 'private', raw: Uint8Array, publicKey?: RawX25519Key) {
    if (raw.length !== X25519_KEY_LENGTH) throw new RangeError(`X25519 ${type} key must be 32 bytes`);
    this.type = type;
    this.raw = raw;
    this.usages = type === 'private' ? ['deriveBits'] : [];
    this.#publicKey = publicKey;
  }

  /**
   * The public key of a private key, computed once when first needed, through the asynchronous wrapper (the
   * platform's X25519 in a browser that has one).
   */
  async publicKeyAsync(): Promise<RawX25519Key> {
    if (this.type === 'public') return this;
    this.#publicKey ??= new RawX25519Key('public', await x25519PublicKeyAsync(this.raw));
    return this.#publicKey;
  }

  /** Redacted. */
  toJSON(): string {
    return `RawX25519Key(${this.type})`;
  }
}

function rawKey(key: unknown, type: 'public' | 'private'): RawX25519Key {
  if (!(key instanceof RawX25519Key) || key.type !== type) throw new TypeError(`not an X25519 ${type} key`);
  return key;
}

const LABEL_DKP_PRK = utf8('dkp_prk'); // RFC 9180 §7.1.3
const LABEL_SK = utf8('sk');
const EMPTY = new Uint8Array(0);

/**
 * The X25519 primitive of DHKEM(X25519, HKDF-SHA256) (RFC 9180 §4.1, §7.1) on the crypto core's wrappers
 * (`x25519Dh` rejects an all-zero shared secret, as §7.1.4 requires). `@hpke/core` keeps the KEM framing
 * (Encap/Decap, ExtractAndExpand); DeriveKeyPair follows §7.1.3 with its labelled HKDF.
 */
class WrapperX25519 {
  readonly #kdf: NobleHpkeHkdfSha256;

  constructor(kdf: NobleHpkeHkdfSha256) {
    this.#kdf = kdf;
  }

  async serializePublicKey(key: CryptoKey): Promise<ArrayBuffer> {
    return buffer(rawKey(key, 'public').raw);
  }

  async deserializePublicKey(key: ArrayBufferLike | ArrayBufferView): Promise<CryptoKey> {
    return new RawX25519Key('public', view(key).slice()) as unknown as CryptoKey;
  }

  async serializePrivateKey(key: CryptoKey): Promise<ArrayBuffer> {
    return buffer(rawKey(key, 'private').raw);
  }

  async deserializePrivateKey(key: ArrayBufferLike | ArrayBufferView): Promise<CryptoKey> {
    return new RawX25519Key('private', view(key).slice()) as unknown as CryptoKey;
  }

  async importKey(
    format: 'raw' | 'jwk',
    key: ArrayBuffer | JsonWebKey,
    isPublic: boolean,
  ): Promise<CryptoKey> {
    if (format !== 'raw' || !(key instanceof ArrayBuffer)) throw new TypeError('only raw X25519 keys');
    return isPublic ? this.deserializePublicKey(key) : this.deserializePrivateKey(key);
  }

  /**
   * A fresh key pair (a key package's init and leaf keys) through the platform's X25519 where it has one
   * (`generateX25519Async`: WebCrypto in browsers, the native backend in Node, noble otherwise): in a browser,
   * noble's first fixed-base multiplication builds its table, ≈ 300 ms on a first open. Same raw key format.
   */
  async generateKeyPair(): Promise<CryptoKeyPair> {
    const kp = await generateX25519Async();
    const publicKey = new RawX25519Key('public', kp.publicKey);
    return {
      privateKey: new RawX25519Key('private', kp.secretKey, publicKey),
      publicKey,
    } as unknown as CryptoKeyPair;
  }

  async deriveKeyPair(ikm: ArrayBufferLike | ArrayBufferView): Promise<CryptoKeyPair> {
    const prk = await this.#kdf.labeledExtract(EMPTY, LABEL_DKP_PRK, view(ikm));
    const sk = new Uint8Array(await this.#kdf.labeledExpand(prk, LABEL_SK, EMPTY, X25519_KEY_LENGTH));
    new Uint8Array(prk).fill(0);
    return this.#pair(sk);
  }

  async derivePublicKey(key: CryptoKey): Promise<CryptoKey> {
    return (await rawKey(key, 'private').publicKeyAsync()) as unknown as CryptoKey;
  }

  async dh(sk: CryptoKey, pk: CryptoKey): Promise<ArrayBuffer> {
    const priv = rawKey(sk, 'private');
    return owned(await x25519DhAsync(priv.raw, rawKey(pk, 'public').raw));
  }

  async #pair(secretKey: Uint8Array): Promise<CryptoKeyPair> {
    const publicKey = new RawX25519Key('public', await x25519PublicKeyAsync(secretKey));
    const privateKey = new RawX25519Key('private', secretKey, publicKey);
    return { privateKey, publicKey } as unknown as CryptoKeyPair;
  }
}

/**
 * DHKEM(X25519, HKDF-SHA256) (RFC 9180 §4.1): `@hpke/common`'s DHKEM framing with the wrappers' labelled HKDF
 * and {@link WrapperX25519} as its X25519 primitive (not `@hpke/core`'s `DhkemX25519HkdfSha256`, whose own
 * WebCrypto primitive a bundle would then carry unused): ExtractAndExpand of every
 * encapsulation, DeriveKeyPair of every path secret and every DH no longer make WebCrypto round trips (most
 * of an MLS commit's time at 100 members, which seals to every copath node). The MLS vectors (crypto-basics
 * derive_key_pair and encrypt_with_label, welcome, passive-client) prove the outputs unchanged.
 */
class WrapperDhkemX25519 extends Dhkem {
  /** X25519 shared secrets, encapsulations and keys are 32 bytes (RFC 9180 §7.1). */
  override readonly secretSize = 32;
  override readonly encSize = 32;
  override readonly publicKeySize = 32;
  override readonly privateKeySize = 32;

  constructor() {
    const kdf = new NobleHpkeHkdfSha256();
    // Dhkem's constructor gives the KDF the KEM's suite id ("KEM" || I2OSP(0x0020, 2), RFC 9180 §4.1)
    super(KemId.DhkemX25519HkdfSha256, new WrapperX25519(kdf), kdf);
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
      seal: async (iv, data, aad) => owned(await aead.encrypt(k, view(iv), view(aad), view(data))),
      open: async (iv, data, aad) => owned(await aead.decrypt(k, view(iv), view(aad), view(data))),
    };
  }
}

/** The bytes of a public key as a one-byte-per-char string: a Map key built without per-byte formatting. */
function latin1Id(k: Uint8Array): string {
  return String.fromCharCode.apply(null, k as unknown as number[]);
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
    const id = latin1Id(k);
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
    kem: new WrapperDhkemX25519(),
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
        return sha256Digest(data);
      },
      async mac(key, data) {
        return hmacSha256(key, data);
      },
      async verifyMac(key, mac, data) {
        return equalBytes(hmacSha256(key, data), mac);
      },
    },
    signature: {
      // The platform's Ed25519 (WebCrypto) where it has one, else the synchronous backend: the same bytes either
      // way (Ed25519 is deterministic), without noble's base-point table on a browser's first group.
      async sign(signKey, message) {
        return ed25519SignAsync(signKey, message);
      },
      async verify(publicKey, message, signature) {
        return ed25519VerifyAsync(publicKey, message, signature);
      },
      async keygen() {
        const kp = await generateEd25519Async();
        return { signKey: kp.secretKey, publicKey: kp.publicKey };
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
