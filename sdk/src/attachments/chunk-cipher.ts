/**
 * Per-chunk AEAD of attachments, with the crypto core's primitives (AES-256-GCM by default, ChaCha20-Poly1305).
 *
 * ```text
 * key    = 32 random bytes per file (never reused for another file)
 * nonce  = 0x00 × 7 || final:u8 (1 for the last chunk, else 0) || index:u32be        (12 bytes)
 * chunk  = AEAD(key, nonce, plaintext, AAD = "CrypTalk attachment chunk v1")          (plaintext + 16-byte tag)
 * ```
 *
 * The nonce is unique per (file key, index), so it is never reused; because the index and the final flag are
 * inside it, a chunk moved to another position, a dropped tail (the new last chunk is not marked final) or data
 * after the final chunk fails authentication. Encryption is deterministic per key: re-encrypting the same bytes
 * on a resumed upload gives the same ciphertext, so nothing new is revealed.
 *
 * @module
 */
import { utf8 } from '../crypto/bytes.js';
import {
  AEAD_TAG_LENGTH,
  AeadSuite,
  type AeadSuiteId,
  aeadOpen,
  aeadSeal,
} from '../crypto/primitives/index.js';
import { AttachmentError } from './errors.js';
import { LABEL_ATTACHMENT_CHUNK } from './labels.js';

const AAD = utf8(LABEL_ATTACHMENT_CHUNK);

/** The suites attachments may use (12-byte nonces). */
export type AttachmentSuite = typeof AeadSuite.AES_256_GCM | typeof AeadSuite.CHACHA20_POLY1305;

/** Whether `id` is a suite attachments may use. */
export function isAttachmentSuite(id: number): id is AttachmentSuite {
  return id === AeadSuite.AES_256_GCM || id === AeadSuite.CHACHA20_POLY1305;
}

/** Bytes a chunk grows by when encrypted. */
export const CHUNK_OVERHEAD = AEAD_TAG_LENGTH;

/** The nonce of chunk `index`. */
export function chunkNonce(index: number, final: boolean): Uint8Array {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff)
    throw new RangeError('chunk index out of range');
  const n = new Uint8Array(12);
  n[7] = final ? 1 : 0;
  new DataView(n.buffer).setUint32(8, index, false);
  return n;
}

/** Encrypts chunk `index` of a file. */
export function sealChunk(
  suite: AeadSuiteId,
  key: Uint8Array,
  index: number,
  final: boolean,
  plaintext: Uint8Array,
): Uint8Array {
  return aeadSeal(suite, key, chunkNonce(index, final), plaintext, AAD);
}

/**
 * Decrypts chunk `index` of a file.
 *
 * @throws AttachmentError ATTACHMENT_DECRYPT_FAILED when it does not authenticate at this position.
 */
export function openChunk(
  suite: AeadSuiteId,
  key: Uint8Array,
  index: number,
  final: boolean,
  ciphertext: Uint8Array,
): Uint8Array {
  try {
    return aeadOpen(suite, key, chunkNonce(index, final), ciphertext, AAD);
  } catch (err) {
    throw AttachmentError.decryptFailed(index, err);
  }
}

/**
 * The chunk cipher of one file. For AES-256-GCM it uses the platform's WebCrypto when present (the architecture
 * allows WebCrypto to accelerate bulk AES-GCM; same algorithm, same bytes: a test checks it against the crypto
 * core), else the crypto core's `aeadSeal`/`aeadOpen`. ChaCha20-Poly1305 always uses the crypto core.
 */
export class ChunkCipher {
  private webKey: Promise<CryptoKey | undefined> | undefined;

  /**
   * @param suite - the AEAD suite.
   * @param key - the 32-byte file key.
   * @param accelerate - use WebCrypto for AES-256-GCM when available. @default true
   */
  constructor(
    readonly suite: AttachmentSuite,
    private readonly key: Uint8Array,
    accelerate = true,
  ) {
    const subtle = globalThis.crypto?.subtle;
    if (accelerate && suite === AeadSuite.AES_256_GCM && subtle) {
      this.webKey = subtle
        .importKey('raw', key as BufferSource, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])
        .catch(() => undefined);
    }
  }

  /** Encrypts chunk `index`. */
  async seal(index: number, final: boolean, plaintext: Uint8Array): Promise<Uint8Array> {
    const k = await this.webKey;
    if (!k) return sealChunk(this.suite, this.key, index, final, plaintext);
    const params = { name: 'AES-GCM', iv: chunkNonce(index, final), additionalData: AAD, tagLength: 128 };
    return new Uint8Array(await globalThis.crypto.subtle.encrypt(params, k, plaintext as BufferSource));
  }

  /**
   * Decrypts chunk `index`.
   * @throws AttachmentError ATTACHMENT_DECRYPT_FAILED.
   */
  async open(index: number, final: boolean, ciphertext: Uint8Array): Promise<Uint8Array> {
    const k = await this.webKey;
    if (!k) return openChunk(this.suite, this.key, index, final, ciphertext);
    const params = { name: 'AES-GCM', iv: chunkNonce(index, final), additionalData: AAD, tagLength: 128 };
    try {
      return new Uint8Array(await globalThis.crypto.subtle.decrypt(params, k, ciphertext as BufferSource));
    } catch (err) {
      throw AttachmentError.decryptFailed(index, err);
    }
  }
}
