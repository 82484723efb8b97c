/**
 * Reviving a wire error without carrying every error class of the SDK: `connectRemote`'s side of the error
 * codec. `RemoteError` and errors nobody knows are revived at once; the SDK's other classes
 * (`ClientError`, `StoreError`, `ProtocolError` and the `CryptoError` family, with their code lists) are in
 * the full codec (`error-codec.ts`), imported the first time an error of one of them arrives: bundlers split
 * it into a chunk of its own (`cryptalk-ui-error-codec.js` beside the widget's UI), which a client whose
 * calls all succeed never downloads. The revived error is the same class either way: the chunk shares the
 * SDK's modules with the file that loads it.
 *
 * @module
 */
import { CrypTalkError } from '../errors.js';
import type { ErrorReviver } from './error-codec.js';
import { REMOTE_ERROR_CODES, RemoteError } from './errors.js';
import type { WireError } from './messages.js';

/** What {@link reviveErrorLazily} needs of the full codec. */
export type ErrorCodec = Pick<typeof import('./error-codec.js'), 'reviveError'>;

/**
 * The class names the full codec revives besides `RemoteError`: an error of any other name is revived at
 * once (as a `CrypTalkError` with its code and name), without loading it. A test checks this list against the
 * codec.
 */
export const LAZILY_REVIVED_NAMES: readonly string[] = [
  'ClientError',
  'StoreError',
  'ProtocolError',
  'CryptoError',
  'AuthError',
  'HandshakeError',
  'RatchetError',
  'GroupError',
  'AtRestError',
];

/**
 * The full codec of this realm, loaded once and shared by every client. Not part of the public API: tests
 * replace `load` to count or fail loads, and clear `loaded` to start over.
 * @internal
 */
export const lazyErrorCodec: {
  /** Imports the full codec (a chunk of its own in a bundle). */
  load: () => Promise<ErrorCodec>;
  /** The codec, once a load succeeded. */
  loaded: ErrorCodec | undefined;
  /** The load in flight, if any. */
  loading: Promise<ErrorCodec> | undefined;
} = {
  load: () => import('./error-codec.js'),
  loaded: undefined,
  loading: undefined,
};

/** A `RemoteError` with a known code, or undefined. */
export function reviveRemoteError(w: WireError): RemoteError | undefined {
  return w.name === 'RemoteError' && (REMOTE_ERROR_CODES as readonly string[]).includes(w.code)
    ? new RemoteError(w.code as RemoteError['code'], w.message)
    : undefined;
}

/** An error of a class nobody revives: a `CrypTalkError` with the same code, name and message. */
export function unknownError(w: WireError): CrypTalkError {
  const e = new CrypTalkError(w.code, w.message);
  e.name = w.name;
  return e;
}

/**
 * Loads the full codec, giving up after `timeoutMs` (the load goes on, for the next error). A failed load is
 * forgotten, so the next error tries again.
 */
function loadCodec(timeoutMs: number): Promise<ErrorCodec> {
  const codec = lazyErrorCodec;
  if (!codec.loading) {
    const loading: Promise<ErrorCodec> = codec.load().then(
      (c) => {
        codec.loaded = c;
        return c;
      },
      (e: unknown) => {
        if (codec.loading === loading) codec.loading = undefined;
        throw e;
      },
    );
    codec.loading = loading;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(RemoteError.timeout(timeoutMs)), timeoutMs);
  });
  return Promise.race([codec.loading, late]).finally(() => clearTimeout(timer));
}

/**
 * Revives a wire error as `reviveError` does (the given revivers first, then the SDK's classes), at once
 * when it can, or once the full codec has loaded.
 * @param wire - the error as received.
 * @param revivers - tried first, in order.
 * @param timeoutMs - how long loading the codec may take; after that (or when the load fails) the error is
 *   revived as an unknown one: a `CrypTalkError` with the same code, name and message.
 * @returns the error, or a promise of it (which never rejects) when the codec has to load first.
 */
export function reviveErrorLazily(
  wire: WireError,
  revivers: readonly ErrorReviver[],
  timeoutMs: number,
): Error | Promise<Error> {
  for (const r of revivers) {
    const e = r(wire);
    if (e) return e;
  }
  const codec = lazyErrorCodec.loaded;
  if (codec) return codec.reviveError(wire);
  if (!LAZILY_REVIVED_NAMES.includes(wire.name)) return reviveRemoteError(wire) ?? unknownError(wire);
  return loadCodec(timeoutMs).then(
    (c) => c.reviveError(wire),
    () => unknownError(wire),
  );
}
