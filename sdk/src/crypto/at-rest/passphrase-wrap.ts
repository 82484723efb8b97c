/**
 * Wrapping of the database key by a passphrase (scrypt or Argon2id): only stores opened with a passphrase load
 * this module (`store/key-wrap.ts` imports it when asked), so a page whose store is wrapped by a WebCrypto key
 * never downloads it.
 *
 * ```
 * header  = 0x01 || method (1 = scrypt, 2 = argon2id) || params || salt (16)
 *           scrypt params   = u8 log2(N) || u32 r || u32 p
 *           argon2id params = u32 m (KiB) || u32 t || u32 p
 * kek     = HKDF(ikm = KDF(passphrase, salt, params), salt = "", info = "CrypTalk v1 at-rest kek", 32)
 * wrapped = header || nonce (24) || XChaCha20-Poly1305(kek, nonce, dbKey, aad = "CrypTalk v1 at-rest wrap" || header)
 * ```
 * The nonce is random: a database key is wrapped a handful of times per KEK, and the XChaCha nonce is 192 bits.
 *
 * @module
 */
import { abytes, concatBytes, readU32, u32, utf8, zeroize } from '../bytes.js';
import { AtRestError, CryptoError } from '../errors.js';
import { LABEL_AT_REST_KEK, LABEL_AT_REST_WRAP } from '../labels.js';
import { SCRYPT_MAX } from '../limits.js';
import { hkdfSha256, randomBytes, xchachaOpen, xchachaSeal } from '../primitives/index.js';
import { SecretKey } from '../secret.js';
import {
  checkKdfParams,
  DEFAULT_SCRYPT_PARAMS,
  derivePassphraseKey,
  type PassphraseKdfParams,
} from './passphrase-kdf.js';
import { WRAP_VERSION as VERSION } from './wrapped-key.js';

const METHOD_SCRYPT = 1;
const METHOD_ARGON2ID = 2;
const SALT_LENGTH = 16;

function encodeHeader(params: PassphraseKdfParams, salt: Uint8Array): Uint8Array {
  if (params.kind === 'scrypt') {
    return concatBytes(
      new Uint8Array([VERSION, METHOD_SCRYPT, Math.log2(params.N)]),
      u32(params.r),
      u32(params.p),
      salt,
    );
  }
  return concatBytes(
    new Uint8Array([VERSION, METHOD_ARGON2ID]),
    u32(params.m),
    u32(params.t),
    u32(params.p),
    salt,
  );
}

function decodeHeader(w: Uint8Array): { params: PassphraseKdfParams; salt: Uint8Array; length: number } {
  if (w.length < 2 || w[0] !== VERSION) throw AtRestError.malformed('wrapped key version');
  if (w[1] === METHOD_SCRYPT) {
    if (w.length < 11 + SALT_LENGTH) throw AtRestError.malformed('wrapped key');
    const log2n = w[2] as number;
    if (log2n < 1 || 2 ** log2n > SCRYPT_MAX.N) throw AtRestError.malformed('scrypt N');
    return {
      params: { kind: 'scrypt', N: 2 ** log2n, r: readU32(w, 3), p: readU32(w, 7) },
      salt: w.slice(11, 11 + SALT_LENGTH),
      length: 11 + SALT_LENGTH,
    };
  }
  if (w[1] === METHOD_ARGON2ID) {
    if (w.length < 14 + SALT_LENGTH) throw AtRestError.malformed('wrapped key');
    return {
      params: { kind: 'argon2id', m: readU32(w, 2), t: readU32(w, 6), p: readU32(w, 10) },
      salt: w.slice(14, 14 + SALT_LENGTH),
      length: 14 + SALT_LENGTH,
    };
  }
  throw AtRestError.malformed('wrapped key method');
}

async function kek(
  passphrase: string | Uint8Array,
  salt: Uint8Array,
  params: PassphraseKdfParams,
): Promise<Uint8Array> {
  const pw = typeof passphrase === 'string' ? utf8(passphrase) : passphrase;
  const stretched = await derivePassphraseKey(pw, salt, params);
  const out = hkdfSha256(stretched, new Uint8Array(0), utf8(LABEL_AT_REST_KEK), 32);
  zeroize(stretched);
  if (typeof passphrase === 'string') zeroize(pw);
  return out;
}

/** Options of passphrase wrapping. */
export interface PassphraseWrapOptions {
  /** KDF and cost. @default scrypt N=2^17, r=8, p=1 */
  params?: PassphraseKdfParams;
  /** Accept parameters below OWASP strength (tests only). @default false */
  allowWeak?: boolean;
}

/**
 * Wraps the database key under a passphrase.
 *
 * @throws AtRestError AT_REST_WEAK_PARAMS below OWASP strength unless `allowWeak`.
 * @example
 * const wrapped = await wrapWithPassphrase(dbKey, 'correct horse battery staple');
 */
export async function wrapWithPassphrase(
  dbKey: SecretKey,
  passphrase: string | Uint8Array,
  options: PassphraseWrapOptions = {},
): Promise<Uint8Array> {
  const params = options.params ?? DEFAULT_SCRYPT_PARAMS;
  checkKdfParams(params, options.allowWeak);
  const salt = randomBytes(SALT_LENGTH);
  const header = encodeHeader(params, salt);
  const key = await kek(passphrase, salt, params);
  const nonce = randomBytes(24);
  const ct = xchachaSeal(key, nonce, dbKey.expose(), concatBytes(utf8(LABEL_AT_REST_WRAP), header));
  zeroize(key);
  return concatBytes(header, nonce, ct);
}

/**
 * Unwraps a passphrase-wrapped database key. Parameters come from the blob, and are checked against OWASP
 * strength (unless `allowWeak`) so a tampered blob cannot downgrade the KDF.
 *
 * @throws AtRestError AT_REST_UNWRAP_FAILED (wrong passphrase or tampering), AT_REST_MALFORMED, AT_REST_WEAK_PARAMS.
 */
export async function unwrapWithPassphrase(
  wrapped: Uint8Array,
  passphrase: string | Uint8Array,
  options: { allowWeak?: boolean } = {},
): Promise<SecretKey> {
  abytes(wrapped, undefined, 'wrapped');
  const { params, salt, length } = decodeHeader(wrapped);
  checkKdfParams(params, options.allowWeak);
  if (wrapped.length !== length + 24 + 32 + 16) throw AtRestError.malformed('wrapped key length');
  const key = await kek(passphrase, salt, params);
  try {
    return new SecretKey(
      xchachaOpen(
        key,
        wrapped.subarray(length, length + 24),
        wrapped.subarray(length + 24),
        concatBytes(utf8(LABEL_AT_REST_WRAP), wrapped.subarray(0, length)),
      ),
    );
  } catch (e) {
    if (e instanceof CryptoError && e.code === 'CRYPTO_DECRYPT_FAILED') throw AtRestError.unwrapFailed();
    throw e;
  } finally {
    zeroize(key);
  }
}
