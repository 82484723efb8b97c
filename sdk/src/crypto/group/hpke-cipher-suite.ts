/**
 * The HPKE (RFC 9180) framing of the MLS provider, loaded on first use (`load-hpke.ts`; a lazy chunk in
 * bundles that split): `@hpke/core`'s key schedule and contexts and `@hpke/common`'s DHKEM framing, with the
 * crypto core's HKDF, AEAD and X25519 wrappers plugged in. Only commits, Welcomes and joins use it (sealing and
 * opening path secrets and group secrets, deriving node keys from path secrets); creating a group, generating a
 * key package and application messages do not. ts-mls's commit, join and message processing come with it.
 *
 * @module
 */
import { Dhkem, KemId } from '@hpke/common';
import { type AeadEncryptionContext, AeadId, type AeadInterface, CipherSuite, HkdfSha256 } from '@hpke/core';
import type { Aead } from 'ts-mls/crypto/aead.js';
import { equalBytes, utf8 } from '../bytes.js';
import {
  generateX25519Async,
  hkdfExpand,
  hkdfExtract,
  hkdfSha256,
  X25519_KEY_LENGTH,
  x25519DhAsync,
  x25519PublicKeyAsync,
} from '../primitives/index.js';
import {
  deserializeX25519Key,
  RawX25519Key,
  rawX25519Key,
  serializeX25519Key,
  bytesView as view,
} from './raw-x25519-key.js';

/** The AEADs of the supported MLS ciphersuites (the `hpke.aead` of ts-mls's ciphersuite). */
export type MlsAeadKind = 'AES128GCM' | 'CHACHA20POLY1305';

/**
 * The ArrayBuffer of `u`, a fresh output of a wrapper nobody else holds: handed over as is when `u` spans all of
 * it (as the wrappers' outputs do), copied otherwise. Saves an allocation and a copy per KDF, DH and AEAD call.
 */
function owned(u: Uint8Array): ArrayBuffer {
  const b = u.buffer;
  if (u.byteOffset === 0 && b.byteLength === u.byteLength && b instanceof ArrayBuffer) return b;
  const out = new ArrayBuffer(u.length);
  new Uint8Array(out).set(u);
  return out;
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

const LABEL_DKP_PRK = utf8('dkp_prk'); // RFC 9180 §7.1.3
const LABEL_SK = utf8('sk');
const EMPTY = new Uint8Array(0);

/**
 * The X25519 primitive of DHKEM(X25519, HKDF-SHA256) (RFC 9180 §4.1, §7.1) on the crypto core's wrappers
 * (`x25519Dh` rejects an all-zero shared secret, as §7.1.4 requires), with the keys of `raw-x25519-key.ts`.
 * `@hpke/common` keeps the KEM framing (Encap/Decap, ExtractAndExpand); DeriveKeyPair follows §7.1.3 with its
 * labelled HKDF.
 */
class WrapperX25519 {
  readonly #kdf: NobleHpkeHkdfSha256;

  constructor(kdf: NobleHpkeHkdfSha256) {
    this.#kdf = kdf;
  }

  async serializePublicKey(key: CryptoKey): Promise<ArrayBuffer> {
    return serializeX25519Key(key, 'public');
  }

  async deserializePublicKey(key: ArrayBufferLike | ArrayBufferView): Promise<CryptoKey> {
    return deserializeX25519Key(key, 'public') as unknown as CryptoKey;
  }

  async serializePrivateKey(key: CryptoKey): Promise<ArrayBuffer> {
    return serializeX25519Key(key, 'private');
  }

  async deserializePrivateKey(key: ArrayBufferLike | ArrayBufferView): Promise<CryptoKey> {
    return deserializeX25519Key(key, 'private') as unknown as CryptoKey;
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
   * A fresh key pair (an encapsulation's ephemeral key) through the platform's X25519 where it has one
   * (`generateX25519Async`), as the provider's own `generateKeyPair`.
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
    const publicKey = new RawX25519Key('public', await x25519PublicKeyAsync(sk));
    return { privateKey: new RawX25519Key('private', sk, publicKey), publicKey } as unknown as CryptoKeyPair;
  }

  async derivePublicKey(key: CryptoKey): Promise<CryptoKey> {
    return (await rawX25519Key(key, 'private').publicKeyAsync()) as unknown as CryptoKey;
  }

  async dh(sk: CryptoKey, pk: CryptoKey): Promise<ArrayBuffer> {
    const priv = rawX25519Key(sk, 'private');
    return owned(await x25519DhAsync(priv.raw, rawX25519Key(pk, 'public').raw));
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

/** The HPKE AEAD interface of `@hpke/core`, backed by the provider's AEAD (the crypto core's wrappers). */
class NobleHpkeAead implements AeadInterface {
  readonly id: AeadId;
  readonly keySize: number;
  readonly nonceSize = 12;
  readonly tagSize = 16;
  readonly #aead: Aead;

  constructor(kind: MlsAeadKind, aead: Aead) {
    this.#aead = aead;
    this.id = kind === 'AES128GCM' ? AeadId.Aes128Gcm : AeadId.Chacha20Poly1305;
    this.keySize = kind === 'AES128GCM' ? 16 : 32;
  }

  createEncryptionContext(key: ArrayBufferLike | ArrayBufferView): AeadEncryptionContext {
    const k = view(key).slice();
    const aead = this.#aead;
    return {
      seal: async (iv, data, aad) => owned(await aead.encrypt(k, view(iv), view(aad), view(data))),
      open: async (iv, data, aad) => owned(await aead.decrypt(k, view(iv), view(aad), view(data))),
    };
  }
}

/**
 * The HPKE ciphersuite DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and the given AEAD (RFC 9180 §7), the HPKE of
 * MLS ciphersuites 1 and 3 (RFC 9420 §17.1).
 *
 * @param kind - the ciphersuite's AEAD.
 * @param aead - its implementation (the provider's, on the crypto core's wrappers).
 * @returns the `@hpke/core` cipher suite, with its keys as {@link RawX25519Key}.
 */
export function createHpkeCipherSuite(kind: MlsAeadKind, aead: Aead): CipherSuite {
  return new CipherSuite({
    kem: new WrapperDhkemX25519(),
    kdf: new NobleHpkeHkdfSha256(),
    aead: new NobleHpkeAead(kind, aead),
  });
}

/**
 * ts-mls's commit, join and whole message processing, which only run with the framing (`MlsGroup` awaits
 * `loadHpke()` before each): they travel in this chunk with it, and a chat's application messages take the
 * lighter path of `MlsGroup.process`.
 */
export { createCommit, joinGroup, processMessage } from 'ts-mls';
