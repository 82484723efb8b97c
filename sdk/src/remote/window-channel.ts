/**
 * A channel between two windows (a page and its iframe, or an opener and a popup) over
 * `window.postMessage`, with strict origin checks in both directions:
 *
 * - sending always names the exact `targetOrigin` (never `*`), so the browser drops the message if the peer
 *   window navigated elsewhere;
 * - receiving accepts a message only when `event.source` is the peer window **and** `event.origin` is in
 *   `allowedOrigins`; everything else is counted in `rejected` and reported to `onReject`, never delivered.
 *
 * @module
 */
import type { Channel } from './channel.js';
import { RemoteError } from './errors.js';

/** The parts of `Window` the channel uses (for the listening side). */
export interface WindowLike {
  /** Adds a `message` listener. */
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** Removes a `message` listener. */
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** The peer window (e.g. `iframe.contentWindow` or `window.parent`). */
export interface PeerWindowLike {
  /** `window.postMessage`. */
  postMessage(message: unknown, targetOrigin: string): void;
}

/** Options of {@link windowChannel}. */
export interface WindowChannelOptions {
  /** The other window. */
  readonly peer: PeerWindowLike;
  /** The other window's exact origin (`https://chat.example`); `*` is refused. */
  readonly targetOrigin: string;
  /** Origins accepted from the peer. @default [targetOrigin] */
  readonly allowedOrigins?: readonly string[];
  /** Where to listen. @default globalThis */
  readonly self?: WindowLike;
  /** Told about every dropped message. */
  readonly onReject?: (error: RemoteError) => void;
}

function checkOrigin(origin: string): void {
  if (origin === '*' || origin === 'null' || !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/i.test(origin)) {
    throw new TypeError('targetOrigin and allowedOrigins must be exact origins like https://host:port');
  }
}

/**
 * A {@link Channel} to another window.
 *
 * @throws TypeError when an origin is `*`, `null` or not an origin.
 * @example
 * const channel = windowChannel({ peer: frame.contentWindow!, targetOrigin: 'https://chat.example' });
 */
export function windowChannel(options: WindowChannelOptions): Channel {
  const allowed = [...(options.allowedOrigins ?? [options.targetOrigin])];
  checkOrigin(options.targetOrigin);
  for (const o of allowed) checkOrigin(o);
  const self = options.self ?? (globalThis as unknown as WindowLike);
  const listeners = new Set<(data: unknown) => void>();
  let closed = false;
  let rejected = 0;
  const onEvent = (event: MessageEvent) => {
    if (event.source !== (options.peer as unknown) || !allowed.includes(event.origin)) {
      rejected++;
      options.onReject?.(RemoteError.wrongOrigin());
      return;
    }
    for (const l of [...listeners]) l(event.data);
  };
  self.addEventListener('message', onEvent);
  return {
    get rejected() {
      return rejected;
    },
    send(message) {
      if (closed) throw RemoteError.closed();
      try {
        options.peer.postMessage(message, options.targetOrigin);
      } catch (cause) {
        throw new RemoteError('REMOTE_NOT_CLONEABLE', 'value cannot be cloned', { cause });
      }
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      self.removeEventListener('message', onEvent);
    },
  };
}
