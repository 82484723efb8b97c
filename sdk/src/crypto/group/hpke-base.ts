/**
 * HPKE (RFC 9180) in base mode, single shot (§6.1 SealBase / OpenBase), for the one KEM and KDF of the MLS
 * ciphersuites CrypTalk supports: DHKEM(X25519, HKDF-SHA256) (§4.1, §7.1) and HKDF-SHA256, with AES-128-GCM or
 * ChaCha20-Poly1305. Every step is the RFC's, on the crypto core's wrappers (`primitives/`): X25519, HMAC/HKDF,
 * AEAD. Nothing here is a new primitive; it is the RFC's composition without `@hpke/core`'s context objects,
 * buffer copies and exporter secret (a single-shot seal never exports).
 *
 * An MLS commit over a tree whose parent nodes are blank seals its path secrets to about one key per member,
 * all under one `info` (the new group context): `psk_id_hash` is a constant of the suite and the key-schedule
 * context of an `info` is remembered for the next seals (public values only).
 *
 * X25519 goes through the asynchronous wrappers: node:crypto where the native backend is active, the
 * platform's WebCrypto in a browser that has it (native code instead of JavaScript), noble otherwise; the same
 * bytes everywhere. The MLS interop vectors (crypto-basics `encrypt_with_label`, welcome, passive client) and
 * a known-answer comparison with `@hpke/core` (`hpke-base.test.ts`) prove the outputs.
 *
 * @module
 */
import { concatBytes, equalBytes, u16, utf8, zeroize } from '../bytes.js';
import {
  generateX25519Async,
  hkdfExpand,
  hkdfExtract,
  namedAeadOpen,
  namedAeadSeal,
  X25519_KEY_LENGTH,
  x25519DhAsync,
} from '../primitives/index.js';

/** The AEADs of the supported MLS ciphersuites, named as `namedAeadSeal` names them. */
export type HpkeAeadKind = 'AES128GCM' | 'CHACHA20POLY1305';

/** RFC 9180 §7.3 AEAD ids, key and nonce sizes. */
const AEADS: Record<HpkeAeadKind, { id: number; nk: number; nn: number }> = {
  AES128GCM: { id: 0x0001, nk: 16, nn: 12 },
  CHACHA20POLY1305: { id: 0x0003, nk: 32, nn: 12 },
};
/** DHKEM(X25519, HKDF-SHA256) (§7.1) and HKDF-SHA256 (§7.2). */
const KEM_ID = 0x0020;
const KDF_ID = 0x0001;
/** Nsecret and Nh of the KEM and KDF (§7.1, §7.2). */
const N_SECRET = 32;
const HPKE_V1 = utf8('HPKE-v1');
/** mode_base (§5). */
const MODE_BASE = 0x00;
/** How many `info` key-schedule contexts are remembered (one per group context a commit seals under). */
const CONTEXT_MEMO = 4;
const EMPTY = new Uint8Array(0);
/** The outputs of a seal: the KEM's `enc` (the ephemeral public key) and the AEAD ciphertext. */
export interface HpkeSealed {
  enc: Uint8Array;
  ct: Uint8Array;
}

/** An ephemeral key pair, given only by known-answer tests (a seal otherwise makes a fresh one). */
export interface HpkeEphemeral {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** The two `LabeledExpand` infos of one key-schedule context: the key's and the base nonce's. */
interface ScheduleInfos {
  info: Uint8Array;
  keyInfo: Uint8Array;
  nonceInfo: Uint8Array;
}

/**
 * Base-mode single-shot HPKE for DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and one AEAD.
 *
 * @example
 * const hpke = new HpkeX25519Base('CHACHA20POLY1305');
 * const { enc, ct } = await hpke.seal(recipientPublic, info, aad, plaintext);
 * const pt = await hpke.open(recipientSecret, recipientPublic, enc, info, aad, ct);
 */
export class HpkeX25519Base {
  readonly #aead: HpkeAeadKind;
  readonly #nk: number;
  readonly #nn: number;
  /** `"HPKE-v1" || "KEM" || I2OSP(kem_id, 2)`: the prefix of the KEM's labelled inputs (§4.1). */
  readonly #kemPrefix: Uint8Array;
  /** `"HPKE-v1" || "HPKE" || kem_id || kdf_id || aead_id`: the key schedule's (§5.1). */
  readonly #hpkePrefix: Uint8Array;
  /** LabeledExtract("", "eae_prk", ·)'s message prefix, the DH output follows. */
  readonly #eaePrkPrefix: Uint8Array;
  /** I2OSP(Nsecret, 2) || LabeledExpand(·, "shared_secret", ·)'s label prefix, kem_context follows. */
  readonly #sharedSecretPrefix: Uint8Array;
  /** LabeledExtract(shared_secret, "secret", psk = ""): the message is a constant. */
  readonly #secretMessage: Uint8Array;
  /** LabeledExtract("", "psk_id_hash", psk_id = ""): a constant of the suite. */
  readonly #pskIdHash: Uint8Array;
  readonly #contexts: ScheduleInfos[] = [];

  constructor(aead: HpkeAeadKind) {
    const a = AEADS[aead];
    if (!a) throw new TypeError('unsupported HPKE AEAD');
    this.#aead = aead;
    this.#nk = a.nk;
    this.#nn = a.nn;
    this.#kemPrefix = concatBytes(HPKE_V1, utf8('KEM'), u16(KEM_ID));
    this.#hpkePrefix = concatBytes(HPKE_V1, utf8('HPKE'), u16(KEM_ID), u16(KDF_ID), u16(a.id));
    this.#eaePrkPrefix = concatBytes(this.#kemPrefix, utf8('eae_prk'));
    this.#sharedSecretPrefix = concatBytes(u16(N_SECRET), this.#kemPrefix, utf8('shared_secret'));
    this.#secretMessage = concatBytes(this.#hpkePrefix, utf8('secret'));
    this.#pskIdHash = hkdfExtract(concatBytes(this.#hpkePrefix, utf8('psk_id_hash')), EMPTY);
  }

  /**
   * SealBase(pkR, info, aad, pt) (§6.1): Encap (§4.1), the base-mode key schedule (§5.1), one AEAD seal with the
   * base nonce (sequence number 0).
   *
   * @param ephemeral - for known-answer tests only; a fresh key pair otherwise.
   * @throws CryptoError CRYPTO_WEAK_DH when the DH output is all zero (§7.1.4); RangeError on a wrong key length.
   */
  async seal(
    publicKey: Uint8Array,
    info: Uint8Array,
    aad: Uint8Array,
    plaintext: Uint8Array,
    ephemeral?: HpkeEphemeral,
  ): Promise<HpkeSealed> {
    if (publicKey.length !== X25519_KEY_LENGTH) throw new RangeError('X25519 public key must be 32 bytes');
    const e = ephemeral ?? (await generateX25519Async());
    let dh: Uint8Array;
    try {
      dh = await x25519DhAsync(e.secretKey, publicKey, e.publicKey);
    } finally {
      if (!ephemeral) e.secretKey.fill(0);
    }
    const enc = e.publicKey.slice();
    const sharedSecret = this.#sharedSecret(dh, enc, publicKey);
    return { enc, ct: this.#aeadSeal(sharedSecret, info, aad, plaintext) };
  }

  /**
   * OpenBase(enc, skR, info, aad, ct) (§6.1): Decap (§4.1), the base-mode key schedule, one AEAD open.
   *
   * @param publicKey - the recipient's public key (`pkRm` of the KEM context).
   * @throws CryptoError CRYPTO_DECRYPT_FAILED when the ciphertext does not open, CRYPTO_WEAK_DH on an all-zero
   *   DH output; RangeError on a wrong key or `enc` length.
   */
  async open(
    secretKey: Uint8Array,
    publicKey: Uint8Array,
    enc: Uint8Array,
    info: Uint8Array,
    aad: Uint8Array,
    ciphertext: Uint8Array,
  ): Promise<Uint8Array> {
    if (enc.length !== X25519_KEY_LENGTH) throw new RangeError('HPKE enc must be 32 bytes');
    const dh = await x25519DhAsync(secretKey, enc, publicKey);
    const sharedSecret = this.#sharedSecret(dh, enc, publicKey);
    const { key, nonce } = this.#schedule(sharedSecret, info);
    try {
      return namedAeadOpen(this.#aead, key, nonce, ciphertext, aad);
    } finally {
      zeroize(key, nonce);
    }
  }

  /**
   * ExtractAndExpand of DHKEM (§4.1): LabeledExtract("", "eae_prk", dh), then LabeledExpand(eae_prk,
   * "shared_secret", enc || pkRm, Nsecret). Zeroes `dh`.
   */
  #sharedSecret(dh: Uint8Array, enc: Uint8Array, pkR: Uint8Array): Uint8Array {
    const ikm = concatBytes(this.#eaePrkPrefix, dh);
    dh.fill(0);
    const eaePrk = hkdfExtract(ikm, EMPTY);
    ikm.fill(0);
    const sharedSecret = hkdfExpand(eaePrk, concatBytes(this.#sharedSecretPrefix, enc, pkR), N_SECRET);
    eaePrk.fill(0);
    return sharedSecret;
  }

  /** KeySchedule<ROLE>(mode_base, shared_secret, info, "", "") (§5.1): key and base_nonce. Zeroes `sharedSecret`. */
  #schedule(sharedSecret: Uint8Array, info: Uint8Array): { key: Uint8Array; nonce: Uint8Array } {
    const infos = this.#infos(info);
    const secret = hkdfExtract(this.#secretMessage, sharedSecret);
    sharedSecret.fill(0);
    const key = hkdfExpand(secret, infos.keyInfo, this.#nk);
    const nonce = hkdfExpand(secret, infos.nonceInfo, this.#nn);
    secret.fill(0);
    return { key, nonce };
  }

  #aeadSeal(sharedSecret: Uint8Array, info: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const { key, nonce } = this.#schedule(sharedSecret, info);
    try {
      return namedAeadSeal(this.#aead, key, nonce, plaintext, aad);
    } finally {
      zeroize(key, nonce);
    }
  }

  /**
   * The key and base-nonce LabeledExpand infos of `info`: `I2OSP(L, 2) || "HPKE-v1" || suite_id || label ||
   * key_schedule_context`, where the context is `mode || psk_id_hash || info_hash` and `info_hash =
   * LabeledExtract("", "info_hash", info)` (§5.1). Public values, remembered for the last few infos.
   */
  #infos(info: Uint8Array): ScheduleInfos {
    const memo = this.#contexts;
    for (const m of memo) if (equalBytes(m.info, info)) return m;
    const infoHash = hkdfExtract(concatBytes(this.#hpkePrefix, utf8('info_hash'), info), EMPTY);
    const context = concatBytes(Uint8Array.of(MODE_BASE), this.#pskIdHash, infoHash);
    const entry: ScheduleInfos = {
      info: info.slice(),
      keyInfo: concatBytes(u16(this.#nk), this.#hpkePrefix, utf8('key'), context),
      nonceInfo: concatBytes(u16(this.#nn), this.#hpkePrefix, utf8('base_nonce'), context),
    };
    memo.unshift(entry);
    if (memo.length > CONTEXT_MEMO) memo.pop();
    return entry;
  }
}
