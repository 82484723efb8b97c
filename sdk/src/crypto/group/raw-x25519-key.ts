/**
 * The X25519 keys of the MLS provider's HPKE (DHKEM(X25519, HKDF-SHA256), RFC 9180 §7.1) as ts-mls and
 * `@hpke/core` hold them: an opaque key object (they only pass it back to the KEM) carrying the raw 32 bytes,
 * and the ArrayBuffer conventions of their interfaces. Shared by the provider, which imports, exports and
 * generates keys itself, and by the lazily loaded HPKE framing (`hpke-cipher-suite.ts`), which uses them.
 *
 * @module
 */
import { X25519_KEY_LENGTH, x25519PublicKeyAsync } from '../primitives/index.js';

/** The bytes of an ArrayBuffer or a view, as a view (no copy). */
export function bytesView(b: ArrayBufferLike | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
}

/** A copy of `u` in its own ArrayBuffer (for bytes someone else keeps, such as a key's raw value). */
export function bufferCopy(u: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(u.length);
  new Uint8Array(out).set(u);
  return out;
}

/** An X25519 public or private key: the raw 32 bytes instead of a WebCrypto `CryptoKey`. */
export class RawX25519Key {
  readonly algorithm = { name: 'X25519' };
  readonly extractable = true;
  readonly usages: KeyUsage[];
  readonly type: 'public' | 'private';
  readonly raw: Uint8Array;
  /** The public key of a private key, computed once when first needed. */
  #publicKey: RawX25519Key | undefined;

  /**
   * @param raw - the 32 key bytes (kept, not copied).
   * @param publicKey - of a private key, its public key when already known.
   * @throws RangeError when `raw` is not 32 bytes.
   */
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

/**
 * `key` as a {@link RawX25519Key} of the given type.
 *
 * @throws TypeError for anything else (another kind of key, a public key where a private one is needed).
 */
export function rawX25519Key(key: unknown, type: 'public' | 'private'): RawX25519Key {
  if (!(key instanceof RawX25519Key) || key.type !== type) throw new TypeError(`not an X25519 ${type} key`);
  return key;
}

/** The raw bytes of a key, in a buffer of their own (RFC 9180 §7.1.1 SerializePublicKey: the raw 32 bytes). */
export function serializeX25519Key(key: unknown, type: 'public' | 'private'): ArrayBuffer {
  return bufferCopy(rawX25519Key(key, type).raw);
}

/**
 * A key of raw bytes (copied).
 *
 * @throws RangeError when they are not 32 bytes.
 */
export function deserializeX25519Key(
  bytes: ArrayBufferLike | ArrayBufferView,
  type: 'public' | 'private',
): RawX25519Key {
  return new RawX25519Key(type, bytesView(bytes).slice());
}
