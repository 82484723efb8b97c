import { TypedEmitter, type Unsubscribe } from '../emitter.js';
import type { Call } from './call.js';
import type { CallOptions } from './types.js';

/** Why a ring ended before this member answered it. */
export type RingCancelReason = 'caller-left' | 'expired';

/** Events of an {@link IncomingCall}. */
export interface IncomingCallEvents {
  /**
   * The ring ended before this member answered: the caller hung up (`caller-left`, their encrypted `leave`
   * arrived) or it rang for {@link RING_TIMEOUT_MS} without an answer (`expired`). Joining it is pointless.
   */
  cancelled: { reason: RingCancelReason };
}

/** A call another member started, not yet joined. */
export interface IncomingCall {
  /** The call id. */
  readonly id: string;
  /** Who rang. */
  readonly from: string;
  /** What the caller sends. */
  readonly media: { audio: boolean; video: boolean };
  /** Why the ring ended before an answer, once it did (see the `cancelled` event). */
  readonly cancelled: RingCancelReason | undefined;
  /** Joins the call. */
  join(options?: CallOptions): Call;
  /**
   * Declines: the caller gets an encrypted `decline` signal (in a 1:1 room its call ends with `declined`; in
   * a group room it keeps ringing for the others) and the ring is forgotten. Does nothing once answered or
   * cancelled.
   */
  decline(): void;
  /**
   * Subscribes to an event of the ring.
   * @returns the function that unsubscribes.
   */
  on<K extends keyof IncomingCallEvents>(
    event: K,
    listener: (payload: IncomingCallEvents[K]) => void,
  ): Unsubscribe;
}

/** What a {@link Ring} asks its manager to do. */
export interface RingActions {
  join(options?: CallOptions): Call;
  decline(): void;
}

/** @internal The manager's {@link IncomingCall}: answered, declined or cancelled at most once. */
export class Ring extends TypedEmitter<IncomingCallEvents> implements IncomingCall {
  cancelled: RingCancelReason | undefined;
  private settled = false;

  /**
   * @param id - the call id.
   * @param from - the caller's member id.
   * @param media - what the caller sends.
   * @param actions - the manager's join and decline.
   */
  constructor(
    readonly id: string,
    readonly from: string,
    readonly media: { audio: boolean; video: boolean },
    private readonly actions: RingActions,
  ) {
    super();
  }

  join(options?: CallOptions): Call {
    this.settled = true;
    return this.actions.join(options);
  }

  decline(): void {
    if (this.settled) return;
    this.settled = true;
    this.actions.decline();
  }

  /** @internal The caller left or the ring expired: tells the listeners once. */
  cancel(reason: RingCancelReason): void {
    if (this.settled) return;
    this.settled = true;
    this.cancelled = reason;
    this.emit('cancelled', { reason });
  }
}
