/**
 * The AEAD message layer for keys shared by a group epoch or a chain: nonces derived from a counter so reuse is
 * impossible by construction, and AAD that binds suite, sender, room, epoch and counter.
 *
 * ```
 * info   = LABEL || suite(1) || u16 len || sender || u16 len || room || u64 epoch
 * key    = HKDF-Expand(secret, "CrypTalk v1 aead key"   || info', 32)
 * base   = HKDF-Expand(secret, "CrypTalk v1 aead nonce" || info', Nn)
 * nonce  = base XOR (u64 counter, right-aligned)          (RFC 8446 §5.3)
 * aad    = "CT1" || suite(1) || lp16(sender) || lp16(room) || u64 epoch || u64 counter
 * wire   = suite(1) || u64 counter || ciphertext || tag(16)
 * ```
 * The key itself depends on sender, room and epoch, so two senders sharing a secret never share a key; one
 * sealer per key counts upward and refuses to wrap.
 *
 * @module
 */
import { abytes, concatBytes, lp16, readU64, u64, utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { LABEL_AEAD_AAD, LABEL_AEAD_KEY, LABEL_AEAD_NONCE } from '../labels.js';
import { AEAD_MAX_COUNTER } from '../limits.js';
import { aeadOpen, aeadSeal } from './aead.js';
import { AEAD_TAG_LENGTH, aeadNonceLength, isAeadSuite } from './aead-base.js';
import { hkdfExpand } from './kdf.js';

/** Who sent a message, where, and in which epoch; all bound into key derivation and AAD. */
export interface MessageBinding {
  /** Sender identifier (device public key or leaf index bytes). */
  sender: Uint8Array;
  /** Room identifier (UTF-8 encoded if a string). */
  room: string | Uint8Array;
  /** Group epoch (0 for 1:1). */
  epoch: bigint | number;
}

/** Header length of a sealed message: suite (1) + counter (8). */
export const SEALED_HEADER_LENGTH = 9;

function bindingBytes(suite: number, b: MessageBinding): Uint8Array {
  const room = typeof b.room === 'string' ? utf8(b.room) : abytes(b.room, undefined, 'room');
  return concatBytes(
    new Uint8Array([suite]),
    lp16(abytes(b.sender, undefined, 'sender')),
    lp16(room),
    u64(b.epoch),
  );
}

function deriveNonce(base: Uint8Array, counter: bigint): Uint8Array {
  const nonce = base.slice();
  const c = u64(counter);
  for (let i = 0; i < 8; i++)
    nonce[nonce.length - 8 + i] = (nonce[nonce.length - 8 + i] as number) ^ (c[i] as number);
  return nonce;
}

class KeyedBinding {
  readonly suite: number;
  readonly key: Uint8Array;
  readonly base: Uint8Array;
  readonly binding: Uint8Array;

  constructor(suite: number, secret: Uint8Array, binding: MessageBinding) {
    if (!isAeadSuite(suite)) throw CryptoError.unsupportedSuite(suite);
    abytes(secret, 32, 'secret');
    this.suite = suite;
    this.binding = bindingBytes(suite, binding);
    this.key = hkdfExpand(secret, concatBytes(utf8(LABEL_AEAD_KEY), this.binding), 32);
    this.base = hkdfExpand(secret, concatBytes(utf8(LABEL_AEAD_NONCE), this.binding), aeadNonceLength(suite));
  }

  aad(counter: bigint): Uint8Array {
    return concatBytes(utf8(LABEL_AEAD_AAD), this.binding, u64(counter));
  }

  destroy(): void {
    this.key.fill(0);
    this.base.fill(0);
  }
}

/**
 * Seals messages for one (secret, suite, sender, room, epoch). Counter starts at 0 and only increases.
 *
 * @example
 * const s = new MessageSealer(AeadSuite.AES_256_GCM, epochSecret, { sender, room: 'r1', epoch: 3n });
 * const wire = s.seal(utf8('hi'));
 */
export class MessageSealer {
  #k: KeyedBinding;
  #counter = 0n;

  /**
   * @param suite - AEAD suite id.
   * @param secret - 32-byte uniformly random secret (used as an HKDF PRK).
   * @param binding - sender, room, epoch.
   */
  constructor(suite: number, secret: Uint8Array, binding: MessageBinding) {
    this.#k = new KeyedBinding(suite, secret, binding);
  }

  /** The next counter that `seal` will use. */
  get counter(): bigint {
    return this.#counter;
  }

  /**
   * Seals one message with the next counter.
   *
   * @returns `suite || u64 counter || ciphertext || tag`.
   * @throws CryptoError CRYPTO_NONCE_EXHAUSTED after 2^48 messages.
   */
  seal(plaintext: Uint8Array): Uint8Array {
    const counter = this.#counter;
    if (counter > BigInt(AEAD_MAX_COUNTER)) throw CryptoError.nonceExhausted(AEAD_MAX_COUNTER);
    this.#counter = counter + 1n;
    const ct = aeadSeal(
      this.#k.suite,
      this.#k.key,
      deriveNonce(this.#k.base, counter),
      plaintext,
      this.#k.aad(counter),
    );
    return concatBytes(new Uint8Array([this.#k.suite]), u64(counter), ct);
  }

  /** Zeroes the derived key and nonce base. */
  destroy(): void {
    this.#k.destroy();
  }
}

/**
 * Opens messages sealed by a {@link MessageSealer} with the same secret and binding. Does not track replays:
 * the caller dedupes by the returned counter.
 */
export class MessageOpener {
  #k: KeyedBinding;

  /** Same parameters as the sealer's. */
  constructor(suite: number, secret: Uint8Array, binding: MessageBinding) {
    this.#k = new KeyedBinding(suite, secret, binding);
  }

  /**
   * Verifies and decrypts one sealed message.
   *
   * @returns the counter and the plaintext.
   * @throws CryptoError CRYPTO_DECRYPT_FAILED on any mismatch; CRYPTO_UNSUPPORTED_SUITE on a suite other than this opener's.
   */
  open(sealed: Uint8Array): { counter: bigint; plaintext: Uint8Array } {
    abytes(sealed, undefined, 'sealed');
    if (sealed.length < SEALED_HEADER_LENGTH + AEAD_TAG_LENGTH) throw CryptoError.decryptFailed();
    if (sealed[0] !== this.#k.suite) throw CryptoError.unsupportedSuite(sealed[0] as number);
    const counter = readU64(sealed, 1);
    if (counter > BigInt(AEAD_MAX_COUNTER)) throw CryptoError.decryptFailed();
    const plaintext = aeadOpen(
      this.#k.suite,
      this.#k.key,
      deriveNonce(this.#k.base, counter),
      sealed.subarray(SEALED_HEADER_LENGTH),
      this.#k.aad(counter),
    );
    return { counter, plaintext };
  }

  /** Zeroes the derived key and nonce base. */
  destroy(): void {
    this.#k.destroy();
  }
}
