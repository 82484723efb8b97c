/**
 * A device's long-term identity: Ed25519 signing key, the X25519 key it signs, and the secret from which
 * per-room relay keys are derived. Serializable for the store; prints only its public key.
 *
 * ```
 * serialized (97 bytes) = version 0x01 || signingSeed (32) || dhSecret (32) || authSecret (32)
 * ```
 *
 * The asynchronous members run on the platform's WebCrypto where it has X25519 and Ed25519 (browsers), so the
 * group rooms' code needs no curve code in the bundle. The synchronous ones (`generate`, `deserialize`, `sign`,
 * for the 1:1 rooms' code and tests) use the synchronous wrappers, loaded by `loadSyncCurves()`: await it once
 * first, else they throw `CRYPTO_NOT_LOADED` (as ML-KEM-768's users await `loadMlKem768()`).
 *
 * @module
 */
import { deriveRoomAuthKeyAsync, type RoomAuthKey } from '../auth/index.js';
import { abytes, concatBytes, zeroize } from '../bytes.js';
import { CryptoError } from '../errors.js';
import {
  ed25519PublicKeyAsync,
  ed25519SignAsync,
  generateEd25519Async,
  generateX25519Async,
  randomBytes,
  syncCurves,
  x25519PublicKeyAsync,
} from '../primitives/index.js';
import { SecretKey } from '../secret.js';
import { dhKeyBindingMessage, formatPublicKey, type PublicIdentity } from './public-identity.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const SERIAL_VERSION = 0x01;
/** Length of a serialized {@link DeviceIdentity}. */
export const DEVICE_IDENTITY_SERIALIZED_LENGTH = 97;

/**
 * A device identity with its secrets.
 *
 * @example
 * const me = await DeviceIdentity.generateAsync(); const pub = me.publicIdentity; String(me) // 'ed25519:…'
 */
export class DeviceIdentity {
  readonly #signingSeed: SecretKey;
  readonly #dhSecret: SecretKey;
  readonly #authSecret: SecretKey;
  /** The public identity (with the binding signature). */
  readonly publicIdentity: PublicIdentity;

  /** `publicIdentity`: computed from the secrets by the caller. */
  private constructor(
    signingSeed: Uint8Array,
    dhSecret: Uint8Array,
    authSecret: Uint8Array,
    publicIdentity: PublicIdentity,
  ) {
    this.#signingSeed = new SecretKey(signingSeed);
    this.#dhSecret = new SecretKey(dhSecret);
    this.#authSecret = new SecretKey(authSecret);
    this.publicIdentity = publicIdentity;
  }

  /** An identity of these secrets, its public half computed by the synchronous wrappers. */
  private static fromSecrets(
    signingSeed: Uint8Array,
    dhSecret: Uint8Array,
    authSecret: Uint8Array,
  ): DeviceIdentity {
    const curves = syncCurves();
    const dhKey = curves.x25519PublicKey(dhSecret);
    return new DeviceIdentity(signingSeed, dhSecret, authSecret, {
      signingKey: curves.ed25519PublicKey(signingSeed),
      dhKey,
      dhKeySignature: curves.ed25519Sign(signingSeed, dhKeyBindingMessage(dhKey)),
    });
  }

  /**
   * A fresh identity from the CSPRNG, synchronously. Prefer {@link DeviceIdentity.generateAsync}.
   *
   * @throws CryptoError CRYPTO_NOT_LOADED before `loadSyncCurves()` resolved.
   */
  static generate(): DeviceIdentity {
    const dhSecret = syncCurves().generateX25519().secretKey;
    return DeviceIdentity.fromSecrets(randomBytes(32), dhSecret, randomBytes(32));
  }

  /**
   * A fresh identity from the CSPRNG, with the platform's WebCrypto where it has Ed25519 and X25519 (browsers;
   * the synchronous code elsewhere): a first open then loads no curve code, nor pays for noble's tables and cold
   * JIT (≈ 150–200 ms in a Worker). The same kind of identity as {@link DeviceIdentity.generate}: raw secrets,
   * the same binding signature (Ed25519 is deterministic).
   */
  static async generateAsync(): Promise<DeviceIdentity> {
    const [signing, dh] = await Promise.all([generateEd25519Async(), generateX25519Async()]);
    const dhKeySignature = await ed25519SignAsync(signing.secretKey, dhKeyBindingMessage(dh.publicKey));
    return new DeviceIdentity(signing.secretKey, dh.secretKey, randomBytes(32), {
      signingKey: signing.publicKey,
      dhKey: dh.publicKey,
      dhKeySignature,
    });
  }

  /**
   * Restores an identity from {@link DeviceIdentity.serialize} output, deriving the public keys and the binding
   * signature through the platform's WebCrypto where it can (see {@link DeviceIdentity.generateAsync}); the result
   * is identical to {@link DeviceIdentity.deserialize}'s.
   *
   * @throws CryptoError CRYPTO_INVALID_INPUT on a wrong length or version.
   */
  static async deserializeAsync(bytes: Uint8Array): Promise<DeviceIdentity> {
    DeviceIdentity.checkSerialized(bytes);
    const seed = bytes.slice(1, 33);
    const dhSecret = bytes.slice(33, 65);
    const [signingKey, dhKey] = await Promise.all([
      ed25519PublicKeyAsync(seed),
      x25519PublicKeyAsync(dhSecret),
    ]);
    const dhKeySignature = await ed25519SignAsync(seed, dhKeyBindingMessage(dhKey));
    return new DeviceIdentity(seed, dhSecret, bytes.slice(65, 97), { signingKey, dhKey, dhKeySignature });
  }

  private static checkSerialized(bytes: Uint8Array): void {
    abytes(bytes, undefined, 'identity');
    if (bytes.length !== DEVICE_IDENTITY_SERIALIZED_LENGTH || bytes[0] !== SERIAL_VERSION) {
      throw CryptoError.invalidInput('serialized identity');
    }
  }

  /**
   * Restores an identity from {@link DeviceIdentity.serialize} output, synchronously. Prefer
   * {@link DeviceIdentity.deserializeAsync}.
   *
   * @throws CryptoError CRYPTO_INVALID_INPUT on a wrong length or version; CRYPTO_NOT_LOADED before
   *   `loadSyncCurves()` resolved.
   */
  static deserialize(bytes: Uint8Array): DeviceIdentity {
    DeviceIdentity.checkSerialized(bytes);
    return DeviceIdentity.fromSecrets(bytes.slice(1, 33), bytes.slice(33, 65), bytes.slice(65, 97));
  }

  /** Secret serialization for the (encrypted) store. Zero the result after storing it. */
  serialize(): Uint8Array {
    return concatBytes(
      new Uint8Array([SERIAL_VERSION]),
      this.#signingSeed.expose(),
      this.#dhSecret.expose(),
      this.#authSecret.expose(),
    );
  }

  /**
   * Ed25519 signature by the identity key, synchronously (the 1:1 rooms' prekeys). Callers prefix `message` with
   * a label from `labels.ts`. Prefer {@link DeviceIdentity.signAsync}.
   *
   * @throws CryptoError CRYPTO_NOT_LOADED before `loadSyncCurves()` resolved.
   */
  sign(message: Uint8Array): Uint8Array {
    return syncCurves().ed25519Sign(this.#signingSeed.expose(), message);
  }

  /**
   * Ed25519 signature by the identity key through the platform's WebCrypto where it has Ed25519 (the key is
   * imported once and kept by the platform), else the synchronous code: the same signature as
   * {@link DeviceIdentity.sign}, without curve code in a browser's bundle. Callers prefix `message` with a label
   * from `labels.ts`.
   */
  signAsync(message: Uint8Array): Promise<Uint8Array> {
    return ed25519SignAsync(this.#signingSeed.expose(), message);
  }

  /** The X25519 identity secret (live view; for PQXDH). */
  dhSecretKey(): Uint8Array {
    return this.#dhSecret.expose();
  }

  /**
   * The pseudonymous relay key of this device in one room (`deriveRoomAuthKeyAsync`), its public half computed by
   * the platform's Ed25519 (WebCrypto) where it has one, else the synchronous code.
   *
   * @param roomId - the room id (1..255 UTF-8 bytes).
   * @returns the room key (the caller destroys it).
   * @throws RangeError / TypeError on a bad room id.
   */
  roomAuthKeyAsync(roomId: string): Promise<RoomAuthKey> {
    return deriveRoomAuthKeyAsync(this.#authSecret.expose(), roomId);
  }

  /** Zeroes every secret. */
  destroy(): void {
    this.#signingSeed.destroy();
    this.#dhSecret.destroy();
    this.#authSecret.destroy();
  }

  /** `ed25519:<base64>` of the signing key. */
  toString(): string {
    return formatPublicKey(this.publicIdentity.signingKey);
  }

  /** Same as `toString()`. */
  toJSON(): string {
    return this.toString();
  }

  /** Same as `toString()` for Node's inspect. */
  [INSPECT](): string {
    return this.toString();
  }
}

/** Zeroes a serialized identity buffer. */
export function wipeSerializedIdentity(bytes: Uint8Array): void {
  zeroize(bytes);
}
