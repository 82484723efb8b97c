/**
 * Passphrase KDFs for wrapping the database key: scrypt (RFC 7914) or Argon2id (RFC 9106), through
 * `@noble/hashes`, at OWASP strength by default. Tests pass lower costs with `allowWeak`.
 *
 * @module
 */
import { AtRestError } from '../errors.js';
import { ARGON2ID_MAX, ARGON2ID_OWASP, SCRYPT_MAX, SCRYPT_OWASP } from '../limits.js';

/** scrypt parameters. */
export interface ScryptParams {
  /** Discriminant. */
  kind: 'scrypt';
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

/** Argon2id parameters. */
export interface Argon2idParams {
  /** Discriminant. */
  kind: 'argon2id';
  /** Memory in KiB. */
  m: number;
  /** Iterations. */
  t: number;
  /** Parallelism. */
  p: number;
}

/** Either KDF. */
export type PassphraseKdfParams = ScryptParams | Argon2idParams;

/** The default: scrypt N=2^17, r=8, p=1 (OWASP Password Storage Cheat Sheet). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { kind: 'scrypt', ...SCRYPT_OWASP };
/** Argon2id m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet). */
export const DEFAULT_ARGON2ID_PARAMS: Argon2idParams = { kind: 'argon2id', ...ARGON2ID_OWASP };

/** Whether parameters reach the OWASP minimum. */
export function meetsOwasp(params: PassphraseKdfParams): boolean {
  if (params.kind === 'scrypt') {
    // OWASP lists equivalent trade-offs; require at least N*r of the baseline with p >= 1.
    return params.N * params.r >= SCRYPT_OWASP.N * SCRYPT_OWASP.r && params.p >= 1;
  }
  return params.m >= ARGON2ID_OWASP.m && params.t >= ARGON2ID_OWASP.t && params.p >= 1;
}

/**
 * Validates parameters (shape, the {@link SCRYPT_MAX} and {@link ARGON2ID_MAX} ceilings, and OWASP strength
 * unless `allowWeak`).
 *
 * @throws AtRestError AT_REST_WEAK_PARAMS; AT_REST_MALFORMED on impossible values.
 */
export function checkKdfParams(params: PassphraseKdfParams, allowWeak = false): void {
  const ints = params.kind === 'scrypt' ? [params.N, params.r, params.p] : [params.m, params.t, params.p];
  if (!ints.every((v) => Number.isSafeInteger(v) && v > 0 && v <= 0xffffffff))
    throw AtRestError.malformed('KDF parameters');
  if (params.kind === 'scrypt' && (params.N < 2 || (params.N & (params.N - 1)) !== 0)) {
    throw AtRestError.malformed('scrypt N (must be a power of two)');
  }
  if (params.kind === 'scrypt') {
    // bounded before any work: a stored header is attacker-controlled (SCRYPT_MAX)
    if (params.N > SCRYPT_MAX.N) throw AtRestError.malformed(`scrypt N above ${SCRYPT_MAX.N}`);
    if (128 * params.N * params.r > SCRYPT_MAX.memoryBytes)
      throw AtRestError.malformed(`scrypt memory above ${SCRYPT_MAX.memoryBytes} bytes`);
    if (params.p > SCRYPT_MAX.p) throw AtRestError.malformed(`scrypt p above ${SCRYPT_MAX.p}`);
  }
  if (params.kind === 'argon2id') {
    // bounded before any work, like scrypt (ARGON2ID_MAX)
    if (params.m > ARGON2ID_MAX.m) throw AtRestError.malformed(`argon2id m above ${ARGON2ID_MAX.m} KiB`);
    if (params.t > ARGON2ID_MAX.t) throw AtRestError.malformed(`argon2id t above ${ARGON2ID_MAX.t}`);
    if (params.p > ARGON2ID_MAX.p) throw AtRestError.malformed(`argon2id p above ${ARGON2ID_MAX.p}`);
  }
  if (!allowWeak && !meetsOwasp(params)) throw AtRestError.weakParams(params.kind);
}

/**
 * Derives 32 bytes from a passphrase (asynchronously, yielding to the event loop).
 *
 * @param passphrase - UTF-8 encoded passphrase bytes (zero them afterwards).
 * @param salt - 16 random bytes.
 */
export async function derivePassphraseKey(
  passphrase: Uint8Array,
  salt: Uint8Array,
  params: PassphraseKdfParams,
): Promise<Uint8Array> {
  // Loaded on first use (a lazy chunk in split builds): only passphrase-protected stores need them.
  if (params.kind === 'scrypt') {
    const { scryptAsync } = await import('@noble/hashes/scrypt.js');
    return scryptAsync(passphrase, salt, {
      N: params.N,
      r: params.r,
      p: params.p,
      dkLen: 32,
      maxmem: 2 ** 32,
    });
  }
  const { argon2idAsync } = await import('@noble/hashes/argon2.js');
  return argon2idAsync(passphrase, salt, { m: params.m, t: params.t, p: params.p, dkLen: 32 });
}
