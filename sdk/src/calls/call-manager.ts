import { TypedEmitter, type Unsubscribe } from '../emitter.js';
import { Call } from './call.js';
import { CallError } from './errors.js';
import { type IncomingCall, Ring, type RingCancelReason } from './incoming-call.js';
import { MAX_PENDING_RINGS, RING_TIMEOUT_MS } from './limits.js';
import { decodeCallSignal, encodeCallSignal } from './signal.js';
import type { CallEnvironment, CallOptions } from './types.js';

/** A timer that does not keep a Node process alive (browsers have no `unref`). */
function unrefTimer(timer: ReturnType<typeof setTimeout>): ReturnType<typeof setTimeout> {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** A ring this manager remembers until it is joined, declined, cancelled or forgotten. */
interface PendingRing {
  readonly caller: string;
  othersJoined: boolean;
  readonly mk?: string;
  readonly ring: Ring;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Events of a {@link CallManager}. */
export interface CallManagerEvents {
  /** Another member rang. */
  ringing: IncomingCall;
  /** A signal did not decode (dropped). */
  error: CallError;
}

/**
 * The calls of one room: starts outgoing calls, announces incoming ones, and routes each signal to its
 * call. `room.call(options)` is {@link CallManager.call} on the room's manager.
 */
export class CallManager extends TypedEmitter<CallManagerEvents> {
  private readonly calls = new Map<string, Call>();
  /** Calls that rang and were not joined yet: who rang, and whether anyone else joined since. */
  private readonly rung = new Map<string, PendingRing>();
  private readonly unsubscribe: Unsubscribe;

  /** @param env - signalling, credentials, group secret, E2EE worker. */
  constructor(private readonly env: CallEnvironment) {
    super();
    this.unsubscribe = env.signals.onSignal((from, payload) => this.onSignal(from, payload));
  }

  /**
   * Starts a call: rings every member, tries P2P with the first to join, falls back to the SFU.
   * @example
   * const call = manager.call({ audio: true, video: true });
   * call.on('track', ({ stream }) => { video.srcObject = stream; });
   */
  call(options: CallOptions = {}): Call {
    const call = this.track(new Call(this.env, options, undefined, () => this.calls.delete(call.id)));
    call.dial();
    return call;
  }

  /**
   * Joins a call by id (for example one that rang before this member was online).
   * @param id - the call id.
   */
  join(id: string, options: CallOptions = {}): Call {
    const existing = this.calls.get(id);
    if (existing) return existing;
    const call = this.track(new Call(this.env, options, id, () => this.calls.delete(id)));
    const ring = this.rung.get(id);
    this.forget(id);
    call.accept(ring && !ring.othersJoined ? ring.caller : undefined, ring?.mk);
    return call;
  }

  /**
   * Declines a call that rang: sends the caller an encrypted `decline` and forgets the ring. Does nothing for
   * a call this manager does not know as ringing.
   * @param id - the call id.
   */
  decline(id: string): void {
    if (!this.rung.has(id)) return;
    this.forget(id);
    this.env.signals.send(encodeCallSignal({ k: 'decline', call: id, sentAt: Date.now() }));
  }

  /** Ends every call and stops listening. */
  async close(): Promise<void> {
    this.unsubscribe();
    for (const id of [...this.rung.keys()]) this.forget(id);
    await Promise.all([...this.calls.values()].map((c) => c.leave()));
  }

  /** Forgets a ring (and its timer), telling its listeners why when it was cancelled. */
  private forget(id: string, cancelled?: RingCancelReason): void {
    const pending = this.rung.get(id);
    if (!pending) return;
    this.rung.delete(id);
    clearTimeout(pending.timer);
    if (cancelled) pending.ring.cancel(cancelled);
  }

  private track(call: Call): Call {
    this.calls.set(call.id, call);
    return call;
  }

  private onSignal(from: string, payload: string): void {
    let signal: ReturnType<typeof decodeCallSignal>;
    try {
      signal = decodeCallSignal(payload);
    } catch (err) {
      this.emit('error', CallError.recognise(err) ?? CallError.malformed('signal'));
      return;
    }
    if (!signal || from === this.env.signals.selfId) return;
    const call = this.calls.get(signal.call);
    if (call) {
      call.handleSignal(from, signal);
      return;
    }
    if (signal.k === 'join') {
      const ring = this.rung.get(signal.call);
      if (ring) ring.othersJoined = true;
      return;
    }
    if (signal.k === 'leave') {
      // The caller hung up before this member answered: the ring is over.
      if (this.rung.get(signal.call)?.caller === from) this.forget(signal.call, 'caller-left');
      return;
    }
    if (signal.k === 'ring' && !this.rung.has(signal.call)) {
      const id = signal.call;
      if (this.rung.size >= MAX_PENDING_RINGS) {
        const oldest = this.rung.keys().next().value;
        if (oldest !== undefined) this.forget(oldest, 'expired');
      }
      const ring = new Ring(id, from, signal.media, {
        join: (options?: CallOptions) => this.join(id, options),
        decline: () => this.decline(id),
      });
      this.rung.set(id, {
        caller: from,
        othersJoined: false,
        ...(signal.mk === undefined ? {} : { mk: signal.mk }),
        ring,
        timer: unrefTimer(setTimeout(() => this.forget(id, 'expired'), RING_TIMEOUT_MS)),
      });
      this.emit('ringing', ring);
    }
  }
}
