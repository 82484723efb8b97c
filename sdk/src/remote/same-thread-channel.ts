/**
 * Two channel ends in one thread. Messages are delivered in a later microtask through `structuredClone`, so
 * code behaves exactly as it will across a Worker or frame (no shared references, same cloning errors).
 *
 * @module
 */
import type { Channel } from './channel.js';
import { RemoteError } from './errors.js';

class SameThreadEnd implements Channel {
  peer: SameThreadEnd | undefined;
  readonly #listeners = new Set<(data: unknown) => void>();
  #closed = false;
  readonly rejected = 0;

  send(message: unknown): void {
    if (this.#closed) throw RemoteError.closed();
    let copy: unknown;
    try {
      copy = structuredClone(message);
    } catch (cause) {
      throw new RemoteError('REMOTE_NOT_CLONEABLE', 'value cannot be cloned', { cause });
    }
    const peer = this.peer;
    queueMicrotask(() => peer?.deliver(copy));
  }

  deliver(data: unknown): void {
    if (this.#closed) return;
    for (const l of [...this.#listeners]) l(data);
  }

  onMessage(listener: (data: unknown) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }
}

/**
 * A connected pair of same-thread channel ends: give one to `serveRemote`, the other to `connectRemote`.
 *
 * @example
 * const [host, client] = sameThreadChannelPair();
 */
export function sameThreadChannelPair(): [Channel, Channel] {
  const a = new SameThreadEnd();
  const b = new SameThreadEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
