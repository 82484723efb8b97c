/**
 * Typed errors of the local store. Every code is stable, listed in `docs/errors.md` ("## Store"), never reused.
 * Messages name tables, versions and counts only: never keys, passphrases, plaintext or room ids.
 *
 * @module
 */
import { CrypTalkError } from '../errors.js';

/** Every code a {@link StoreError} can carry. */
export const STORE_ERROR_CODES = [
  'STORE_WRONG_PASSPHRASE',
  'STORE_WRONG_KEY',
  'STORE_KEY_SOURCE_MISMATCH',
  'STORE_CORRUPT',
  'STORE_SCHEMA_TOO_NEW',
  'STORE_MIGRATION_FAILED',
  'STORE_CLOSED',
  'STORE_LOCKED',
  'STORE_INVALID_RECORD',
  'STORE_WEAK_KDF',
  'STORE_UNAVAILABLE',
] as const;

/** A stable code of the store. */
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/**
 * Errors of `sdk/src/store`.
 *
 * @example
 * try { await openNodeFileStore({ dir, passphrase }) }
 * catch (e) { if (e instanceof StoreError && e.code === 'STORE_WRONG_PASSPHRASE') askAgain() }
 */
export class StoreError extends CrypTalkError {
  override name = 'StoreError';
  declare readonly code: StoreErrorCode;

  /**
   * @param code - the stable code.
   * @param message - safe to show and log.
   * @param options - the underlying cause, if any.
   */
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** The passphrase does not unwrap the database key. */
  static wrongPassphrase(): StoreError {
    return new StoreError('STORE_WRONG_PASSPHRASE', 'the passphrase does not open this store');
  }

  /** The wrapping key (WebCrypto key or raw key) does not unwrap the database key. */
  static wrongKey(): StoreError {
    return new StoreError('STORE_WRONG_KEY', 'the key does not open this store');
  }

  /** The store was created with another kind of key source than the one given. */
  static keySourceMismatch(stored: string, given: string): StoreError {
    return new StoreError(
      'STORE_KEY_SOURCE_MISMATCH',
      `the store is protected by a ${stored} key source, but a ${given} key source was given`,
    );
  }

  /** A stored record or file fails authentication or does not decode. */
  static corrupt(what: string, cause?: unknown): StoreError {
    return new StoreError('STORE_CORRUPT', `corrupt ${what}`, { cause });
  }

  /** The stored schema is newer than this build understands. */
  static schemaTooNew(stored: number, supported: number): StoreError {
    return new StoreError(
      'STORE_SCHEMA_TOO_NEW',
      `store schema version ${stored} is newer than the supported version ${supported}`,
    );
  }

  /** A migration step threw; the store is left at the previous version. */
  static migrationFailed(from: number, to: number, cause?: unknown): StoreError {
    return new StoreError('STORE_MIGRATION_FAILED', `migration from schema ${from} to ${to} failed`, {
      cause,
    });
  }

  /** The store was used after `close()`. */
  static closed(): StoreError {
    return new StoreError('STORE_CLOSED', 'the store is closed');
  }

  /** Another process holds the store's lock. */
  static locked(): StoreError {
    return new StoreError('STORE_LOCKED', 'the store is open in another process');
  }

  /** A record to be written is missing a field or has one of the wrong type. */
  static invalidRecord(table: string, field: string): StoreError {
    return new StoreError('STORE_INVALID_RECORD', `invalid ${table} record: field "${field}"`);
  }

  /** The passphrase KDF parameters are below the configured minimum. */
  static weakKdf(why: string): StoreError {
    return new StoreError('STORE_WEAK_KDF', `passphrase KDF parameters too weak: ${why}`);
  }

  /** The backend (IndexedDB, the file system) is not available or failed. */
  static unavailable(what: string, cause?: unknown): StoreError {
    return new StoreError('STORE_UNAVAILABLE', `${what} is not available`, { cause });
  }
}
