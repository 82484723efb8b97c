/**
 * The state machine of a group join that no caller waits for: a rejoin after missed commits, or a join restored
 * from the store after a restart. Such a join must not wait forever: `joinTimeoutMs` after it starts (a restored
 * one: after its room attaches to the relay) it reports `CLIENT_JOIN_TIMEOUT`, and stays pending, so a late
 * Welcome still completes it; the next attach (a reconnect, or a restart) publishes its request again.
 *
 * ```text
 *   start (rejoin) ─▶ waiting ◀─ attach ── idle ◀─ start (restored)
 *                     │    ▲
 *             timeout │    │ attach (publish the request again)
 *                     ▼    │
 *                   timed-out
 *   waiting | idle | timed-out ── welcome | stop ──▶ done
 * ```
 * The effects say what the room does; the transitions live only here.
 *
 * @module
 */

/** Where a background join is. */
export type JoinAttempt =
  /** Restored from the store: its timer starts when the room attaches. */
  | { readonly kind: 'idle' }
  /** Waiting for a Welcome, its timer running. */
  | { readonly kind: 'waiting' }
  /** Its timer ran out (`CLIENT_JOIN_TIMEOUT` reported); still pending; the next attach asks again. */
  | { readonly kind: 'timed-out' }
  /** Joined, or stopped (the client closed, the room was dropped). Nothing happens any more. */
  | { readonly kind: 'done' };

/** What happens to a background join. */
export type JoinAttemptInput = 'attach' | 'timeout' | 'welcome' | 'stop';

/** What the room does on a transition. */
export type JoinAttemptEffect = 'arm-timer' | 'clear-timer' | 'report-timeout' | 'publish-again';

/** A transition's result. */
export interface JoinAttemptStep {
  readonly state: JoinAttempt;
  readonly effects: readonly JoinAttemptEffect[];
}

/** The first state of a background join: a rejoin starts its timer at once, a restored join on attach. */
export function startJoinAttempt(restored: boolean): JoinAttemptStep {
  return restored
    ? { state: { kind: 'idle' }, effects: [] }
    : { state: { kind: 'waiting' }, effects: ['arm-timer'] };
}

/**
 * The next state of a background join. A `timeout` outside `waiting` is a stale timer callback: ignored.
 * @param s - the current state. @param input - what happened.
 */
export function nextJoinAttempt(s: JoinAttempt, input: JoinAttemptInput): JoinAttemptStep {
  if (s.kind === 'done') return { state: s, effects: [] };
  if (input === 'welcome' || input === 'stop') {
    return { state: { kind: 'done' }, effects: s.kind === 'waiting' ? ['clear-timer'] : [] };
  }
  switch (s.kind) {
    case 'idle':
      return input === 'attach'
        ? { state: { kind: 'waiting' }, effects: ['arm-timer'] }
        : { state: s, effects: [] };
    case 'waiting':
      return input === 'timeout'
        ? { state: { kind: 'timed-out' }, effects: ['report-timeout'] }
        : { state: s, effects: [] };
    case 'timed-out':
      return input === 'attach'
        ? { state: { kind: 'waiting' }, effects: ['arm-timer', 'publish-again'] }
        : { state: s, effects: [] };
  }
}
