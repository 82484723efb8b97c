/**
 * A channel over a `MessagePort`-like: a dedicated `Worker` (page side), the Worker's `self` (worker side),
 * or a `MessagePort` from a `MessageChannel`. These carry no origin: only code that holds the object can post.
 *
 * @module
 */
import type { Channel, MessagePortLike } from './channel.js';
import { RemoteError } from './errors.js';

/** Options of {@link portChannel}. */
export interface PortChannelOptions {
  /** Called on `close()` after the listener is removed (e.g. `() => worker.terminate()` or `port.close()`). */
  readonly onClose?: () => void;
}

/**
 * Wraps a port-like as a {@link Channel}.
 *
 * @example
 * // page
 * const remote = connectRemote<Api, Events>(portChannel(new Worker(url, { type: 'module' })));
 * // worker
 * serveRemote(client, portChannel(self as unknown as MessagePortLike), schema);
 */
export function portChannel(port: MessagePortLike, options: PortChannelOptions = {}): Channel {
  const listeners = new Set<(data: unknown) => void>();
  let closed = false;
  const onEvent = (event: MessageEvent) => {
    for (const l of [...listeners]) l(event.data);
  };
  port.addEventListener('message', onEvent);
  port.start?.();
  return {
    rejected: 0,
    send(message) {
      if (closed) throw RemoteError.closed();
      try {
        port.postMessage(message);
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
      port.removeEventListener('message', onEvent);
      options.onClose?.();
    },
  };
}
