/**
 * Errors across a remote channel: typed errors travel as `{ code, name, message }` and are revived as the same
 * class on the other side; anything else becomes `REMOTE_COMMAND_FAILED` with a generic message, so an
 * untyped error can never leak its message (which might quote a key or plaintext). `connectRemote` imports
 * this module (and every error class it revives) only when an error of one of those classes first arrives
 * (`revive-error-lazily.ts`).
 *
 * @module
 */
import {
  AtRestError,
  AuthError,
  CRYPTO_ERROR_CODES,
  CryptoError,
  GroupError,
  HandshakeError,
  RatchetError,
} from '../crypto/errors.js';
import { ClientError, CrypTalkError } from '../errors.js';
import { ProtocolError, type ProtocolErrorCode } from '../protocol/index.js';
import { STORE_ERROR_CODES, StoreError } from '../store/index.js';
import { RemoteError } from './errors.js';
import { REMOTE_MAX_ERROR_MESSAGE } from './limits.js';
import { isRemoteName, type WireError } from './messages.js';
import { reviveRemoteError, unknownError } from './revive-error-lazily.js';

/** Turns a wire error into an error object, or returns undefined to let the next reviver try. */
export type ErrorReviver = (wire: WireError) => Error | undefined;

const CODE_RE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Serializes what a command threw. Typed errors (a `CrypTalkError`, `CryptoError` or `ProtocolError`, whose
 * messages are safe by contract) keep code, class name and message; anything else is `REMOTE_COMMAND_FAILED`.
 */
export function serializeError(err: unknown): WireError {
  const typed = err instanceof CrypTalkError || err instanceof CryptoError || err instanceof ProtocolError;
  if (typed && CODE_RE.test(err.code) && isRemoteName(err.name)) {
    return { code: err.code, name: err.name, message: err.message.slice(0, REMOTE_MAX_ERROR_MESSAGE) };
  }
  const generic = RemoteError.commandFailed();
  return { code: generic.code, name: generic.name, message: generic.message };
}

function has(list: readonly string[], code: string): boolean {
  return list.includes(code);
}

const CRYPTO_CLASSES: Record<string, typeof CryptoError | undefined> = {
  CryptoError,
  AuthError,
  HandshakeError,
  RatchetError,
  GroupError,
  AtRestError,
};

/** Revives the SDK's own error classes. */
export const defaultErrorReviver: ErrorReviver = (w) => {
  const remote = reviveRemoteError(w);
  if (remote) return remote;
  if (w.name === 'StoreError' && has(STORE_ERROR_CODES, w.code)) {
    return new StoreError(w.code as StoreError['code'], w.message);
  }
  if (w.name === 'ClientError' && w.code.startsWith('CLIENT_')) {
    return new ClientError(w.code, w.message);
  }
  if (w.name === 'ProtocolError' && w.code.startsWith('PROTO_')) {
    return new ProtocolError(w.code as ProtocolErrorCode, w.message);
  }
  const cryptoClass = Object.hasOwn(CRYPTO_CLASSES, w.name) ? CRYPTO_CLASSES[w.name] : undefined;
  if (cryptoClass && has(CRYPTO_ERROR_CODES, w.code))
    return new cryptoClass(w.code as CryptoError['code'], w.message);
  return undefined;
};

/**
 * Revives a wire error with the given revivers, then the defaults; an error nobody knows becomes a
 * `CrypTalkError` with the same code.
 */
export function reviveError(wire: WireError, revivers: readonly ErrorReviver[] = []): Error {
  for (const r of [...revivers, defaultErrorReviver]) {
    const e = r(wire);
    if (e) return e;
  }
  return unknownError(wire);
}
