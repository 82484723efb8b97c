/** Stable codes of storage failures. Listed in docs/errors.md. */
export type StoreErrorCode = 'RELAY_STORE_UNAVAILABLE' | 'RELAY_STORE_CLOSED' | 'RELAY_STORE_CORRUPT';

/** A storage engine failed; the relay answers the request with `RELAY_UNAVAILABLE` and keeps running (codes `RELAY_STORE_*` appear in logs only). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** A stable code. */
  readonly code: StoreErrorCode;

  /** @param code - the code. @param message - safe to log (no ids, keys or payloads). */
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** The backend cannot be reached or refused the operation. */
  static unavailable(engine: string, cause?: unknown): StoreError {
    return new StoreError('RELAY_STORE_UNAVAILABLE', `${engine} store unavailable`, { cause });
  }

  /** The store was closed. */
  static closed(): StoreError {
    return new StoreError('RELAY_STORE_CLOSED', 'store is closed');
  }

  /** Stored data does not have the expected shape. */
  static corrupt(engine: string): StoreError {
    return new StoreError('RELAY_STORE_CORRUPT', `${engine} store returned malformed data`);
  }
}
