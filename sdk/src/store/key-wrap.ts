/**
 * Wrapping of the random database key, on top of the crypto core's `crypto/at-rest`:
 *
 * - passphrase: scrypt (OWASP N=2^17, r=8, p=1 by default) or Argon2id → HKDF → KEK; XChaCha20-Poly1305
 *   (`wrapWithPassphrase`). The KDF, its parameters and the salt live in the wrapped blob and are bound by its AAD.
 * - webcrypto: a non-extractable AES-256-GCM `CryptoKey` (kept e.g. in IndexedDB) encrypts the database key
 *   (`wrapWithCryptoKey`).
 * - raw: a 32-byte key from elsewhere (OS keychain, KMS). The database key is sealed as one at-rest record
 *   (`RecordCipher`) under that key, with the AAD `LABEL_AT_REST_WRAP`.
 *
 * @module
 */

import type { PassphraseKdfParams } from '../crypto/at-rest/passphrase-kdf.js';
import { RecordCipher } from '../crypto/at-rest/record-cipher.js';
import {
  generateDatabaseKey,
  unwrapWithCryptoKey,
  wrapWithCryptoKey,
} from '../crypto/at-rest/wrapped-key.js';
import { fromBase64, toBase64, utf8 } from '../crypto/bytes.js';
import { AtRestError, CryptoError } from '../crypto/errors.js';
import { LABEL_AT_REST_WRAP } from '../crypto/labels.js';
import { SecretKey } from '../crypto/secret.js';
import type { KeyHeader } from './engine.js';
import { StoreError } from './errors.js';

/** What opens the store: a passphrase, a non-extractable WebCrypto key, or a raw 32-byte key. */
export type StoreKeySource =
  | {
      /** The user's passphrase. */
      readonly passphrase: string;
      /** KDF and cost for a new store (scrypt or Argon2id). @default scrypt N=2^17, r=8, p=1 */
      readonly kdf?: PassphraseKdfParams;
      /** Accept parameters below the OWASP minimum (tests and benchmarks only), when creating and opening. @default false */
      readonly allowWeakKdf?: boolean;
    }
  | {
      /** A non-extractable AES-256-GCM key with `encrypt`/`decrypt` usages. */
      readonly wrappingKey: CryptoKey;
    }
  | {
      /** 32 bytes of key material from a keychain or KMS. */
      readonly rawKey: Uint8Array;
    };

const WRAP_AAD = utf8(LABEL_AT_REST_WRAP);

/**
 * The passphrase wrapping, loaded by the first store opened with a passphrase: stores wrapped otherwise (the
 * widget's, by a WebCrypto key) never download it or the KDFs behind it.
 */
const passphraseWrap = () => import('../crypto/at-rest/passphrase-wrap.js');

function sourceKind(source: StoreKeySource): KeyHeader['kind'] {
  if ('passphrase' in source) return 'passphrase';
  if ('wrappingKey' in source) return 'webcrypto';
  return 'raw';
}

function rawCipher(raw: Uint8Array): RecordCipher {
  if (!(raw instanceof Uint8Array) || raw.length !== 32) throw new RangeError('rawKey must be 32 bytes');
  return new RecordCipher(new SecretKey(raw.slice()));
}

function mapError(e: unknown, wrong: () => StoreError): never {
  if (e instanceof StoreError) throw e;
  if (e instanceof AtRestError) {
    if (e.code === 'AT_REST_UNWRAP_FAILED') throw wrong();
    if (e.code === 'AT_REST_WEAK_PARAMS') throw StoreError.weakKdf(e.message);
    throw StoreError.corrupt('wrapped database key', e);
  }
  if (e instanceof CryptoError && e.code === 'CRYPTO_DECRYPT_FAILED') throw wrong();
  throw StoreError.unavailable('key unwrapping', e);
}

/**
 * Makes a fresh random database key and wraps it.
 *
 * @returns the key (caller destroys it) and the header to store in plaintext.
 * @throws StoreError STORE_WEAK_KDF for KDF parameters below the OWASP minimum.
 */
export async function createDatabaseKey(
  source: StoreKeySource,
): Promise<{ dbKey: SecretKey; header: KeyHeader }> {
  const dbKey = generateDatabaseKey();
  try {
    return { dbKey, header: await wrapDatabaseKey(dbKey, source) };
  } catch (e) {
    dbKey.destroy();
    throw e;
  }
}

/**
 * Wraps an existing database key under a key source with a fresh salt and nonce (creation and key change;
 * records are untouched).
 *
 * @throws StoreError STORE_WEAK_KDF for KDF parameters below the OWASP minimum.
 */
export async function wrapDatabaseKey(dbKey: SecretKey, source: StoreKeySource): Promise<KeyHeader> {
  try {
    if ('passphrase' in source) {
      const { wrapWithPassphrase } = await passphraseWrap();
      const wrapped = await wrapWithPassphrase(dbKey, source.passphrase, {
        // undefined: scrypt at the OWASP minimum, the module's default
        params: source.kdf,
        allowWeak: source.allowWeakKdf === true,
      });
      return { kind: 'passphrase', wrapped: toBase64(wrapped) };
    }
    if ('wrappingKey' in source) {
      return { kind: 'webcrypto', wrapped: toBase64(await wrapWithCryptoKey(dbKey, source.wrappingKey)) };
    }
    const cipher = rawCipher(source.rawKey);
    try {
      return { kind: 'raw', wrapped: toBase64(cipher.seal(dbKey.expose(), WRAP_AAD)) };
    } finally {
      cipher.destroy();
    }
  } catch (e) {
    if (e instanceof AtRestError && e.code === 'AT_REST_WEAK_PARAMS') throw StoreError.weakKdf(e.message);
    if (e instanceof AtRestError) throw StoreError.weakKdf(e.message);
    throw e;
  }
}

/**
 * Unwraps the database key of an existing store.
 *
 * @returns the database key (caller destroys it).
 * @throws StoreError STORE_WRONG_PASSPHRASE, STORE_WRONG_KEY, STORE_KEY_SOURCE_MISMATCH, STORE_CORRUPT,
 *   STORE_WEAK_KDF (a header whose parameters are below the minimum, unless `allowWeakKdf`).
 */
export async function unwrapDatabaseKey(header: KeyHeader, source: StoreKeySource): Promise<SecretKey> {
  const given = sourceKind(source);
  if (header.kind !== given) throw StoreError.keySourceMismatch(String(header.kind), given);
  let wrapped: Uint8Array;
  try {
    wrapped = fromBase64(header.wrapped);
  } catch (cause) {
    throw StoreError.corrupt('key header', cause);
  }
  if ('passphrase' in source) {
    try {
      const { unwrapWithPassphrase } = await passphraseWrap();
      return await unwrapWithPassphrase(wrapped, source.passphrase, {
        allowWeak: source.allowWeakKdf === true,
      });
    } catch (e) {
      return mapError(e, StoreError.wrongPassphrase);
    }
  }
  if ('wrappingKey' in source) {
    try {
      return await unwrapWithCryptoKey(wrapped, source.wrappingKey);
    } catch (e) {
      return mapError(e, StoreError.wrongKey);
    }
  }
  const cipher = rawCipher(source.rawKey);
  try {
    const key = cipher.open(wrapped, WRAP_AAD);
    if (key.length !== 32) throw StoreError.corrupt('database key');
    return new SecretKey(key);
  } catch (e) {
    return mapError(e, StoreError.wrongKey);
  } finally {
    cipher.destroy();
  }
}
