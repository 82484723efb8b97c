/**
 * A device's long-term identity: Ed25519 signing key, the X25519 key it signs, and the secret from which
 * per-room relay keys are derived. Serializable for the store; prints only its public key.
 *
 * ```
 * serialized (97 bytes) = version 0x01 || signingSeed (32) || dhSecret (32) || authSecret (32)
 * ```
 *
 * @module
 */
import { deriveRoomAuthKey, deriveRoomAuthKeyAsync, type RoomAuthKey } from '../auth/index.js';
import { abytes, concatBytes, zeroize } from '../bytes.js';
import { CryptoError } from '../errors.js';
import {
  ed25519PublicKey,
  ed25519Sign,
  generateX25519,
  randomBytes,
  x25519PublicKey,
} from '../primitives/index.js';
// The asynchronous WebCrypto paths (not re-exported by primitives/index.ts yet).
import {
  ed25519PublicKeyAsync,
  ed25519SignAsync,
  generateEd25519Async,
  generateX25519Async,
  x25519PublicKeyAsync,
} from '../primitives/platform-curves.js';
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
 * const me = DeviceIdentity.generate(); const pub = me.publicIdentity; String(me) // 'ed25519:…'
 */
export class DeviceIdentity {
  readonly #signingSeed: SecretKey;
  readonly #dhSecret: SecretKey;
  readonly #authSecret: SecretKey;
  /** The public identity (with the binding signature). */
  readonly publicIdentity: PublicIdentity;

  /** `publicIdentity`: computed from the secrets by the caller (the asynchronous paths), else here. */
  private constructor(
    signingSeed: Uint8Array,
    dhSecret: Uint8Array,
    authSecret: Uint8Array,
    publicIdentity?: PublicIdentity,
  ) {
    this.#signingSeed = new SecretKey(signingSeed);
    this.#dhSecret = new SecretKey(dhSecret);
    this.#authSecret = new SecretKey(authSecret);
    if (publicIdentity) {
      this.publicIdentity = publicIdentity;
      return;
    }
    const dhKey = x25519PublicKey(dhSecret);
    this.publicIdentity = {
      signingKey: ed25519PublicKey(signingSeed),
      dhKey,
      dhKeySignature: ed25519Sign(signingSeed, dhKeyBindingMessage(dhKey)),
    };
  }

  /** A fresh identity from the CSPRNG. */
  static generate(): DeviceIdentity {
    return new DeviceIdentity(randomBytes(32), generateX25519().secretKey, randomBytes(32));
  }

  /**
   * Like {@link DeviceIdentity.generate}, with the platform's WebCrypto where it has Ed25519 and X25519
   * (browsers; noble elsewhere): a first open then does not pay for noble's curve tables and cold JIT
   * (≈ 150–200 ms in a Worker). The same kind of identity: raw secrets, the same binding signature (Ed25519
   * is deterministic).
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
   * Like {@link DeviceIdentity.deserialize}, deriving the public keys and the binding signature through the
   * platform's WebCrypto where it can (see {@link DeviceIdentity.generateAsync}); the result is identical.
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
   * Restores an identity from {@link DeviceIdentity.serialize} output.
   *
   * @throws CryptoError CRYPTO_INVALID_INPUT on a wrong length or version.
   */
  static deserialize(bytes: Uint8Array): DeviceIdentity {
    DeviceIdentity.checkSerialized(bytes);
    return new DeviceIdentity(bytes.slice(1, 33), bytes.slice(33, 65), bytes.slice(65, 97));
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

  /** Ed25519 signature by the identity key. Callers prefix `message` with a label from `labels.ts`. */
  sign(message: Uint8Array): Uint8Array {
    return ed25519Sign(this.#signingSeed.expose(), message);
  }

  /**
   * {@link DeviceIdentity.sign} through the platform's WebCrypto where it has Ed25519 (the key is imported once
   * and kept by the platform): the same signature, without noble's JavaScript in a browser.
   */
  signAsync(message: Uint8Array): Promise<Uint8Array> {
    return ed25519SignAsync(this.#signingSeed.expose(), message);
  }

  /** The X25519 identity secret (live view; for PQXDH). */
  dhSecretKey(): Uint8Array {
    return this.#dhSecret.expose();
  }

  /**
   * The pseudonymous relay key of this device in one room, computed with noble. Prefer
   * {@link DeviceIdentity.roomAuthKeyAsync} where the caller can wait: in a browser, noble's first Ed25519
   * public key builds its base-point table (100–300 ms in a cold Worker).
   */
  roomAuthKey(roomId: string): RoomAuthKey {
    return deriveRoomAuthKey(this.#authSecret.expose(), roomId);
  }

  /**
   * The same key as {@link DeviceIdentity.roomAuthKey}, its public half computed by the platform's Ed25519
   * (WebCrypto) where it has one, else noble.
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
