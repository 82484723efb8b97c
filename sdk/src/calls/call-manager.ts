import { TypedEmitter, type Unsubscribe } from '../emitter.js';
import { Call } from './call.js';
import { CallError } from './errors.js';
import { MAX_PENDING_RINGS } from './limits.js';
import { decodeCallSignal } from './signal.js';
import type { CallEnvironment, CallOptions } from './types.js';

/** A call another member started, not yet joined. */
export interface IncomingCall {
  /** The call id. */
  readonly id: string;
  /** Who rang. */
  readonly from: string;
  /** What the caller sends. */
  readonly media: { audio: boolean; video: boolean };
  /** Joins the call. */
  join(options?: CallOptions): Call;
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
  private readonly rung = new Map<string, { caller: string; othersJoined: boolean; mk?: string }>();
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
    this.rung.delete(id);
    call.accept(ring && !ring.othersJoined ? ring.caller : undefined, ring?.mk);
    return call;
  }

  /** Ends every call and stops listening. */
  async close(): Promise<void> {
    this.unsubscribe();
    await Promise.all([...this.calls.values()].map((c) => c.leave()));
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
      this.emit('error', err instanceof CallError ? err : CallError.malformed('signal'));
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
      if (this.rung.get(signal.call)?.caller === from) this.rung.delete(signal.call);
      return;
    }
    if (signal.k === 'ring') {
      const id = signal.call;
      if (this.rung.size >= MAX_PENDING_RINGS) {
        const oldest = this.rung.keys().next().value;
        if (oldest !== undefined) this.rung.delete(oldest);
      }
      this.rung.set(id, {
        caller: from,
        othersJoined: false,
        ...(signal.mk === undefined ? {} : { mk: signal.mk }),
      });
      this.emit('ringing', {
        id,
        from,
        media: signal.media,
        join: (options?: CallOptions) => this.join(id, options),
      });
    }
  }
}
