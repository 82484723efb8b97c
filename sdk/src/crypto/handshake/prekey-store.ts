/**
 * The responder's prekey secrets: signed prekeys, one-time X25519 prekeys, one-time and last-resort ML-KEM-768
 * prekeys. One-time secrets are deleted (zeroed) when used.
 *
 * @module
 */
import { toHex } from '../bytes.js';
import { HandshakeError } from '../errors.js';
import type { DeviceIdentity } from '../identity/index.js';
import { PQXDH_ONE_TIME_PREKEY_BATCH, PQXDH_SEEN_EPHEMERALS } from '../limits.js';
import {
  generateMlKem768,
  generateX25519,
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
 * In-memory prekey secrets of one device.
 *
 * @example
 * const store = new PrekeyStore(identity); const upload = store.refill(); // publish `upload`
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

  /** @param identity - the device identity that signs the prekeys. */
  constructor(identity: DeviceIdentity) {
    this.#identity = identity;
    this.rotateSignedPrekey();
    this.rotateLastResortPqPrekey();
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

  /** Makes a new last-resort PQ prekey current. */
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

  /** Generates `count` one-time X25519 and PQ prekeys and returns everything to publish. */
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
