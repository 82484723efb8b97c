/**
 * The responder's prekey secrets: signed prekeys, one-time X25519 prekeys, one-time and last-resort ML-KEM-768
 * prekeys. One-time secrets are deleted (zeroed) when used.
 *
 * @module
 */
import { abytes, concatBytes, fromHex, readU16, readU32, toHex, u16, u32 } from '../bytes.js';
import { HandshakeError } from '../errors.js';
import type { DeviceIdentity } from '../identity/index.js';
import { PQXDH_ONE_TIME_PREKEY_BATCH, PQXDH_SEEN_EPHEMERALS } from '../limits.js';
import {
  generateMlKem768,
  generateX25519,
  loadMlKem768,
  loadSyncCurves,
  type MlKem768KeyPair,
  type X25519KeyPair,
} from '../primitives/index.js';
import {
  type OneTimePrekey,
  type PqPrekey,
  PqPrekeyKind,
  type PqPrekeyKindId,
  type PrekeyBundle,
  pqPrekeyMessage,
  type SignedPrekey,
  signedPrekeyMessage,
} from './prekey-bundle.js';

/** Version byte of {@link PrekeyStore.serialize}. */
const PREKEY_STATE_VERSION = 1;
/** Lengths in the serialized state. */
const X25519_BYTES = 32;
const SIGNATURE_BYTES = 64;
const ML_KEM_PUBLIC_BYTES = 1184;
const ML_KEM_SECRET_BYTES = 2400;
/** Marks the constructor call of {@link PrekeyStore.deserialize}: no fresh keys. */
const RESTORE = Symbol('restore');

/** What the owner uploads to the directory. */
export interface PrekeyUpload {
  /** Current signed prekey. */
  signedPrekey: SignedPrekey;
  /** Current last-resort PQ prekey. */
  lastResortPqPrekey: PqPrekey;
  /** Fresh one-time PQ prekeys. */
  pqPrekeys: PqPrekey[];
  /** Fresh one-time X25519 prekeys. */
  oneTimePrekeys: OneTimePrekey[];
}

/**
 * In-memory prekey secrets of one device. ML-KEM-768 and the synchronous curve code (the identity signs each
 * prekey) load on first use: make a store with {@link PrekeyStore.create}, or await `loadMlKem768()` and
 * `loadSyncCurves()` before the constructor or {@link PrekeyStore.refill}.
 *
 * @example
 * const store = await PrekeyStore.create(identity); const upload = store.refill(); // publish `upload`
 */
export class PrekeyStore {
  readonly #identity: DeviceIdentity;
  #nextId = 1;
  readonly #signed = new Map<number, { pair: X25519KeyPair; pub: SignedPrekey }>();
  #currentSigned = 0;
  readonly #pq = new Map<number, { pair: MlKem768KeyPair; pub: PqPrekey }>();
  #currentLastResort = 0;
  readonly #oneTime = new Map<number, { pair: X25519KeyPair; pub: OneTimePrekey }>();
  readonly #seenEphemerals = new Set<string>();

  /**
   * Loads ML-KEM-768 and the synchronous curve code (once) and makes a store with a fresh signed prekey and
   * last-resort PQ prekey.
   *
   * @param identity - the device identity that signs the prekeys.
   * @returns the store; its synchronous methods may then generate ML-KEM-768 keys and sign.
   * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when either could not be loaded.
   */
  static async create(identity: DeviceIdentity): Promise<PrekeyStore> {
    await Promise.all([loadMlKem768(), loadSyncCurves()]);
    return new PrekeyStore(identity);
  }

  /**
   * @param identity - the device identity that signs the prekeys.
   * @param restore - internal (used by {@link PrekeyStore.deserialize}); leave it out.
   * @throws CryptoError CRYPTO_NOT_LOADED when ML-KEM-768 is not loaded (see {@link PrekeyStore.create}).
   */
  constructor(identity: DeviceIdentity, restore?: symbol) {
    this.#identity = identity;
    if (restore === RESTORE) return;
    this.rotateSignedPrekey();
    this.rotateLastResortPqPrekey();
  }

  /**
   * Every secret and public part of this store, to keep it across restarts: only ever write it to the sealed
   * (encrypted) local store, and zero the bytes after. Layout (big-endian):
   *
   * ```
   * u8 version (1) || u32 nextId || u32 currentSigned || u32 currentLastResort
   * || u16 n || n × (u32 id || secret (32) || public (32) || signature (64))                     signed
   * || u16 n || n × (u32 id || u8 kind || secret (2400) || public (1184) || signature (64))      ML-KEM-768
   * || u16 n || n × (u32 id || secret (32) || public (32))                                       one-time
   * || u16 n || n × (ephemeral key (32))                                                         seen
   * ```
   */
  serialize(): Uint8Array {
    const parts: Uint8Array[] = [
      new Uint8Array([PREKEY_STATE_VERSION]),
      u32(this.#nextId),
      u32(this.#currentSigned),
      u32(this.#currentLastResort),
      u16(this.#signed.size),
    ];
    for (const { pair, pub } of this.#signed.values())
      parts.push(u32(pub.id), pair.secretKey, pair.publicKey, pub.signature);
    parts.push(u16(this.#pq.size));
    for (const { pair, pub } of this.#pq.values())
      parts.push(u32(pub.id), new Uint8Array([pub.kind]), pair.secretKey, pair.publicKey, pub.signature);
    parts.push(u16(this.#oneTime.size));
    for (const { pair, pub } of this.#oneTime.values())
      parts.push(u32(pub.id), pair.secretKey, pair.publicKey);
    parts.push(u16(this.#seenEphemerals.size));
    for (const ek of this.#seenEphemerals) parts.push(fromHex(ek));
    return concatBytes(...parts);
  }

  /**
   * Restores a store made by {@link PrekeyStore.serialize} for the same identity (the caller zeroes `bytes`).
   *
   * @throws HandshakeError HANDSHAKE_MALFORMED when the bytes do not decode.
   */
  static deserialize(identity: DeviceIdentity, bytes: Uint8Array): PrekeyStore {
    abytes(bytes, undefined, 'prekey state');
    let at = 0;
    const take = (n: number): Uint8Array => {
      if (at + n > bytes.length) throw HandshakeError.malformed('prekey state (truncated)');
      const out = bytes.slice(at, at + n);
      at += n;
      return out;
    };
    const num32 = () => readU32(take(4), 0);
    const num16 = () => readU16(take(2), 0);
    if (take(1)[0] !== PREKEY_STATE_VERSION) throw HandshakeError.malformed('prekey state version');
    const store = new PrekeyStore(identity, RESTORE);
    store.#nextId = num32();
    store.#currentSigned = num32();
    store.#currentLastResort = num32();
    for (let n = num16(); n > 0; n--) {
      const id = num32();
      const pair = { secretKey: take(X25519_BYTES), publicKey: take(X25519_BYTES) };
      store.#signed.set(id, {
        pair,
        pub: { id, publicKey: pair.publicKey, signature: take(SIGNATURE_BYTES) },
      });
    }
    for (let n = num16(); n > 0; n--) {
      const id = num32();
      const kind = take(1)[0] as number;
      if (kind !== PqPrekeyKind.ONE_TIME && kind !== PqPrekeyKind.LAST_RESORT)
        throw HandshakeError.malformed('prekey state (PQ prekey kind)');
      const pair = { secretKey: take(ML_KEM_SECRET_BYTES), publicKey: take(ML_KEM_PUBLIC_BYTES) };
      const pub = {
        id,
        kind: kind as PqPrekeyKindId,
        publicKey: pair.publicKey,
        signature: take(SIGNATURE_BYTES),
      };
      store.#pq.set(id, { pair, pub });
    }
    for (let n = num16(); n > 0; n--) {
      const id = num32();
      const pair = { secretKey: take(X25519_BYTES), publicKey: take(X25519_BYTES) };
      store.#oneTime.set(id, { pair, pub: { id, publicKey: pair.publicKey } });
    }
    for (let n = num16(); n > 0; n--) store.#seenEphemerals.add(toHex(take(X25519_BYTES)));
    if (at !== bytes.length) throw HandshakeError.malformed('prekey state (trailing bytes)');
    if (!store.#signed.has(store.#currentSigned) || !store.#pq.has(store.#currentLastResort))
      throw HandshakeError.malformed('prekey state (current prekeys missing)');
    return store;
  }

  /** Zeroes every secret key and forgets them. */
  destroy(): void {
    for (const e of this.#signed.values()) e.pair.secretKey.fill(0);
    for (const e of this.#pq.values()) e.pair.secretKey.fill(0);
    for (const e of this.#oneTime.values()) e.pair.secretKey.fill(0);
    this.#signed.clear();
    this.#pq.clear();
    this.#oneTime.clear();
  }

  /** Makes a new signed prekey current (older ones stay until {@link PrekeyStore.forgetSignedPrekey}). */
  rotateSignedPrekey(): SignedPrekey {
    const id = this.#nextId++;
    const pair = generateX25519();
    const pub = {
      id,
      publicKey: pair.publicKey,
      signature: this.#identity.sign(signedPrekeyMessage(id, pair.publicKey)),
    };
    this.#signed.set(id, { pair, pub });
    this.#currentSigned = id;
    return pub;
  }

  /**
   * Makes a new last-resort PQ prekey current.
   * @throws CryptoError CRYPTO_NOT_LOADED when ML-KEM-768 is not loaded.
   */
  rotateLastResortPqPrekey(): PqPrekey {
    const pub = this.#newPq(PqPrekeyKind.LAST_RESORT);
    this.#currentLastResort = pub.id;
    return pub;
  }

  /** Deletes an old signed prekey (after a grace period for messages in flight). */
  forgetSignedPrekey(id: number): void {
    if (id === this.#currentSigned) return;
    this.#signed.get(id)?.pair.secretKey.fill(0);
    this.#signed.delete(id);
  }

  /**
   * Generates `count` one-time X25519 and PQ prekeys and returns everything to publish.
   * @throws CryptoError CRYPTO_NOT_LOADED when ML-KEM-768 is not loaded and `count` > 0.
   */
  refill(count: number = PQXDH_ONE_TIME_PREKEY_BATCH): PrekeyUpload {
    const oneTimePrekeys: OneTimePrekey[] = [];
    const pqPrekeys: PqPrekey[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.#nextId++;
      const pair = generateX25519();
      const pub = { id, publicKey: pair.publicKey };
      this.#oneTime.set(id, { pair, pub });
      oneTimePrekeys.push(pub);
      pqPrekeys.push(this.#newPq(PqPrekeyKind.ONE_TIME));
    }
    return {
      signedPrekey: this.#signedEntry(this.#currentSigned).pub,
      lastResortPqPrekey: this.#pqEntry(this.#currentLastResort).pub,
      pqPrekeys,
      oneTimePrekeys,
    };
  }

  /**
   * A bundle as the directory would serve it: uses (without consuming) one one-time key of each kind if any.
   * Real deployments get bundles from the relay's directory.
   */
  bundle(): PrekeyBundle {
    const pq =
      [...this.#pq.values()].find((e) => e.pub.kind === PqPrekeyKind.ONE_TIME) ??
      this.#pqEntry(this.#currentLastResort);
    const opk = this.#oneTime.values().next().value;
    const b: PrekeyBundle = {
      identity: this.#identity.publicIdentity,
      signedPrekey: this.#signedEntry(this.#currentSigned).pub,
      pqPrekey: pq.pub,
    };
    if (opk) b.oneTimePrekey = opk.pub;
    return b;
  }

  /** The signed prekey pair with this id. @throws HandshakeError HANDSHAKE_UNKNOWN_PREKEY. */
  signedPrekeyPair(id: number): X25519KeyPair {
    return this.#signedEntry(id).pair;
  }

  /** The one-time X25519 prekey pair with this id (not removed). @throws HandshakeError HANDSHAKE_UNKNOWN_PREKEY. */
  oneTimePrekeyPair(id: number): X25519KeyPair {
    const e = this.#oneTime.get(id);
    if (!e) throw HandshakeError.unknownPrekey('one-time');
    return e.pair;
  }

  /**
   * The PQ prekey pair for `id` and `kind` (not removed).
   *
   * @throws HandshakeError HANDSHAKE_UNKNOWN_PREKEY.
   */
  pqPrekeyPair(kind: PqPrekeyKindId, id: number): MlKem768KeyPair {
    const e = this.#pq.get(id);
    if (!e || e.pub.kind !== kind) throw HandshakeError.unknownPrekey('post-quantum');
    return e.pair;
  }

  /**
   * Records a completed handshake: deletes (zeroes) the one-time prekeys it used and remembers its ephemeral
   * key, so the same initial message cannot start a second session even when only last-resort keys were used.
   *
   * @throws HandshakeError HANDSHAKE_UNKNOWN_PREKEY if the ephemeral key was already seen (replay).
   */
  consume(used: {
    ephemeralKey: Uint8Array;
    oneTimePrekeyId?: number;
    pqKind: PqPrekeyKindId;
    pqId: number;
  }): void {
    const ek = toHex(used.ephemeralKey);
    if (this.#seenEphemerals.has(ek)) throw HandshakeError.unknownPrekey('replayed initial message');
    this.#seenEphemerals.add(ek);
    if (this.#seenEphemerals.size > PQXDH_SEEN_EPHEMERALS) {
      this.#seenEphemerals.delete(this.#seenEphemerals.values().next().value as string);
    }
    if (used.oneTimePrekeyId !== undefined) {
      this.#oneTime.get(used.oneTimePrekeyId)?.pair.secretKey.fill(0);
      this.#oneTime.delete(used.oneTimePrekeyId);
    }
    if (used.pqKind === PqPrekeyKind.ONE_TIME) {
      this.#pq.get(used.pqId)?.pair.secretKey.fill(0);
      this.#pq.delete(used.pqId);
    }
  }

  /** Whether an ephemeral key was already used in a completed handshake. */
  hasSeenEphemeral(ephemeralKey: Uint8Array): boolean {
    return this.#seenEphemerals.has(toHex(ephemeralKey));
  }

  /** One-time prekeys left (X25519, PQ). */
  get remaining(): { oneTime: number; pq: number } {
    let pq = 0;
    for (const e of this.#pq.values()) if (e.pub.kind === PqPrekeyKind.ONE_TIME) pq++;
    return { oneTime: this.#oneTime.size, pq };
  }

  #newPq(kind: PqPrekeyKindId): PqPrekey {
    const id = this.#nextId++;
    const pair = generateMlKem768();
    const pub = {
      id,
      kind,
      publicKey: pair.publicKey,
      signature: this.#identity.sign(pqPrekeyMessage(kind, id, pair.publicKey)),
    };
    this.#pq.set(id, { pair, pub });
    return pub;
  }

  #signedEntry(id: number) {
    const e = this.#signed.get(id);
    if (!e) throw HandshakeError.unknownPrekey('signed');
    return e;
  }

  #pqEntry(id: number) {
    const e = this.#pq.get(id);
    if (!e) throw HandshakeError.unknownPrekey('post-quantum');
    return e;
  }
}
