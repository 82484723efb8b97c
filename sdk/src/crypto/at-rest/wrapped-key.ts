/**
 * The database key and its wrapping by a non-extractable WebCrypto AES-GCM key (kept in IndexedDB by the
 * browser, never readable by script); wrapping by a passphrase is in `passphrase-wrap.ts`, which only stores
 * opened with a passphrase load.
 *
 * ```
 * passphrase:  see passphrase-wrap.ts (header = 0x01 || 0x01 scrypt / 0x02 argon2id || params || salt)
 * webcrypto:   header  = 0x01 || 0x03
 *              wrapped = header || nonce (12) || AES-256-GCM(cryptoKey, nonce, dbKey, aad = "CrypTalk v1 at-rest wrap" || header)
 * ```
 * The nonce is random: a database key is wrapped a handful of times per KEK.
 *
 * @module
 */
import { abytes, concatBytes, utf8, zeroize } from '../bytes.js';
import { AtRestError } from '../errors.js';
import { LABEL_AT_REST_WRAP } from '../labels.js';
import { randomBytes } from '../primitives/index.js';
import { SecretKey } from '../secret.js';

/** The first byte of every wrapped database key: the format's version. */
export const WRAP_VERSION = 0x01;
const METHOD_WEBCRYPTO = 3;

/** A fresh random 32-byte database key. */
export function generateDatabaseKey(): SecretKey {
  return SecretKey.random(32);
}

/** A new non-extractable AES-256-GCM WebCrypto key for wrapping (store the CryptoKey itself in IndexedDB). */
export async function generateWrappingCryptoKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const WEBCRYPTO_HEADER = new Uint8Array([WRAP_VERSION, METHOD_WEBCRYPTO]);

/** A copy backed by a plain ArrayBuffer, as WebCrypto's types require. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** Wraps the database key under a WebCrypto AES-GCM key. */
export async function wrapWithCryptoKey(dbKey: SecretKey, wrappingKey: CryptoKey): Promise<Uint8Array> {
  const nonce = randomBytes(12);
  const plain = own(dbKey.expose());
  const ct = await crypto.subtle.encrypt(
    {
      name: 'AES-GCM',
      iv: own(nonce),
      additionalData: own(concatBytes(utf8(LABEL_AT_REST_WRAP), WEBCRYPTO_HEADER)),
    },
    wrappingKey,
    plain,
  );
  zeroize(plain);
  return concatBytes(WEBCRYPTO_HEADER, nonce, new Uint8Array(ct));
}

/**
 * Unwraps a database key wrapped by {@link wrapWithCryptoKey}.
 *
 * @throws AtRestError AT_REST_UNWRAP_FAILED, AT_REST_MALFORMED.
 */
export async function unwrapWithCryptoKey(wrapped: Uint8Array, wrappingKey: CryptoKey): Promise<SecretKey> {
  abytes(wrapped, undefined, 'wrapped');
  if (wrapped.length !== 2 + 12 + 32 + 16 || wrapped[0] !== WRAP_VERSION || wrapped[1] !== METHOD_WEBCRYPTO) {
    throw AtRestError.malformed('wrapped key');
  }
  try {
    const pt = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: own(wrapped.subarray(2, 14)),
        additionalData: own(concatBytes(utf8(LABEL_AT_REST_WRAP), WEBCRYPTO_HEADER)),
      },
      wrappingKey,
      own(wrapped.subarray(14)),
    );
    return new SecretKey(new Uint8Array(pt));
  } catch {
    throw AtRestError.unwrapFailed();
  }
}
