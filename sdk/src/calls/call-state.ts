/**
 * A call's state machine: a discriminated union and its one transition function.
 *
 * ```
 * idle ──dial──▶ ringing(outgoing) ──start(p2p|sfu)──▶ connecting ──media-up──▶ connected
 *  └──incoming──▶ ringing(incoming) ──┘          ▲ ice-restart (p2p, once)   │ media-down
 *                                                 └──── reconnecting ◀────────┘
 * connecting/connected/reconnecting (p2p) ──fallback──▶ connecting(sfu)        any ──end──▶ ended
 * ```
 * @module
 */

/** How media flows: directly between two peers, or through the LiveKit SFU. */
export type CallMode = 'p2p' | 'sfu';

/** Why a call ended. */
export type CallEndCode =
  | 'hangup'
  | 'remote-hangup'
  | 'declined'
  | 'media-failed'
  | 'sfu-failed'
  | 'fingerprint-mismatch'
  | 'error';

/** A call's state. */
export type CallState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'ringing'; readonly direction: 'outgoing' | 'incoming' }
  | { readonly kind: 'connecting'; readonly mode: 'p2p'; readonly iceRestarts: number }
  | { readonly kind: 'connecting'; readonly mode: 'sfu' }
  | { readonly kind: 'connected'; readonly mode: CallMode }
  | { readonly kind: 'reconnecting'; readonly mode: CallMode }
  | { readonly kind: 'ended'; readonly code: CallEndCode; readonly reason: string };

/** What can happen to a call. */
export type CallInput =
  | { readonly type: 'dial' }
  | { readonly type: 'incoming' }
  | { readonly type: 'start'; readonly mode: CallMode }
  | { readonly type: 'ice-restart' }
  | { readonly type: 'fallback' }
  | { readonly type: 'media-up' }
  | { readonly type: 'media-down' }
  | { readonly type: 'end'; readonly code: CallEndCode; readonly reason: string };

/** At most this many ICE restarts happen in P2P before falling back to the SFU. */
export const MAX_ICE_RESTARTS = 1;

/** The state a call starts in. */
export const INITIAL_CALL_STATE: CallState = { kind: 'idle' };

/**
 * The transition function. An input that does not apply to the state returns the same object (callers
 * compare by identity to know whether anything changed); `ended` is terminal; the SFU never goes back to P2P.
 * @param state - the current state.
 * @param input - what happened.
 * @returns the next state.
 */
export function nextCallState(state: CallState, input: CallInput): CallState {
  if (state.kind === 'ended') return state;
  switch (input.type) {
    case 'dial':
      return state.kind === 'idle' ? { kind: 'ringing', direction: 'outgoing' } : state;
    case 'incoming':
      return state.kind === 'idle' ? { kind: 'ringing', direction: 'incoming' } : state;
    case 'start':
      if (state.kind !== 'idle' && state.kind !== 'ringing') return state;
      return input.mode === 'p2p'
        ? { kind: 'connecting', mode: 'p2p', iceRestarts: 0 }
        : { kind: 'connecting', mode: 'sfu' };
    case 'ice-restart':
      if (state.kind === 'connecting' && state.mode === 'p2p' && state.iceRestarts < MAX_ICE_RESTARTS) {
        return { kind: 'connecting', mode: 'p2p', iceRestarts: state.iceRestarts + 1 };
      }
      return state;
    case 'fallback':
      if (state.kind === 'idle' || state.kind === 'ringing') return state;
      return state.mode === 'p2p' ? { kind: 'connecting', mode: 'sfu' } : state;
    case 'media-up':
      return state.kind === 'connecting' || state.kind === 'reconnecting'
        ? { kind: 'connected', mode: state.mode }
        : state;
    case 'media-down':
      return state.kind === 'connected' ? { kind: 'reconnecting', mode: state.mode } : state;
    case 'end':
      return { kind: 'ended', code: input.code, reason: input.reason };
  }
}

/** Whether a state still has (or may get) media: anything but `idle` and `ended`. */
export function isLive(state: CallState): boolean {
  return state.kind !== 'idle' && state.kind !== 'ended';
}
