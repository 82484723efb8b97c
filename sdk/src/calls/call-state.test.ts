import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type CallInput,
  type CallState,
  INITIAL_CALL_STATE,
  MAX_ICE_RESTARTS,
  nextCallState,
} from './call-state.js';

const inputArb: fc.Arbitrary<CallInput> = fc.oneof(
  fc.constant<CallInput>({ type: 'dial' }),
  fc.constant<CallInput>({ type: 'incoming' }),
  fc.constantFrom<CallInput>({ type: 'start', mode: 'p2p' }, { type: 'start', mode: 'sfu' }),
  fc.constant<CallInput>({ type: 'ice-restart' }),
  fc.constant<CallInput>({ type: 'fallback' }),
  fc.constant<CallInput>({ type: 'media-up' }),
  fc.constant<CallInput>({ type: 'media-down' }),
  fc.constantFrom<CallInput>(
    { type: 'end', code: 'hangup', reason: 'bye' },
    { type: 'end', code: 'remote-hangup', reason: 'peer left' },
  ),
);

/** A deliberately simple model: a few flags that the real machine must agree with. */
interface Model {
  phase: 'idle' | 'ringing' | 'live' | 'ended';
  mode: 'p2p' | 'sfu' | null;
  up: boolean;
  everUp: boolean;
  restarts: number;
}

function step(m: Model, input: CallInput): Model {
  if (m.phase === 'ended') return m;
  switch (input.type) {
    case 'dial':
    case 'incoming':
      return m.phase === 'idle' ? { ...m, phase: 'ringing' } : m;
    case 'start':
      return m.phase === 'idle' || m.phase === 'ringing' ? { ...m, phase: 'live', mode: input.mode } : m;
    case 'ice-restart':
      return m.phase === 'live' && m.mode === 'p2p' && !m.up && !m.everUp && m.restarts < MAX_ICE_RESTARTS
        ? { ...m, restarts: m.restarts + 1 }
        : m;
    case 'fallback':
      return m.phase === 'live' && m.mode === 'p2p' ? { ...m, mode: 'sfu', up: false, everUp: false } : m;
    case 'media-up':
      return m.phase === 'live' && !m.up ? { ...m, up: true, everUp: true } : m;
    case 'media-down':
      return m.phase === 'live' && m.up ? { ...m, up: false } : m;
    case 'end':
      return { ...m, phase: 'ended' };
  }
}

function agrees(state: CallState, m: Model): void {
  switch (state.kind) {
    case 'idle':
      assert.equal(m.phase, 'idle');
      break;
    case 'ringing':
      assert.equal(m.phase, 'ringing');
      break;
    case 'connecting':
      assert.equal(m.phase, 'live');
      assert.equal(m.up, false);
      assert.equal(state.mode, m.mode);
      if (state.mode === 'p2p') assert.equal(state.iceRestarts, m.restarts);
      break;
    case 'connected':
      assert.equal(m.phase, 'live');
      assert.equal(m.up, true);
      assert.equal(state.mode, m.mode);
      break;
    case 'reconnecting':
      assert.equal(m.phase, 'live');
      assert.equal(m.up, false);
      assert.equal(state.mode, m.mode);
      break;
    case 'ended':
      assert.equal(m.phase, 'ended');
      break;
  }
}

test('random input sequences: the machine agrees with the model at every step', () => {
  fc.assert(
    fc.property(fc.array(inputArb, { maxLength: 40 }), (inputs) => {
      let state = INITIAL_CALL_STATE;
      let model: Model = { phase: 'idle', mode: null, up: false, everUp: false, restarts: 0 };
      for (const input of inputs) {
        const before = state;
        state = nextCallState(state, input);
        model = step(model, input);
        agrees(state, model);
        // Once in the SFU a call never returns to P2P; ended is terminal.
        if ('mode' in before && before.mode === 'sfu' && 'mode' in state) assert.equal(state.mode, 'sfu');
        if (before.kind === 'ended') assert.equal(state, before);
      }
    }),
    { numRuns: 500 },
  );
});

test('a typical fallback: ring, P2P, one ICE restart, then the SFU', () => {
  let s = nextCallState(INITIAL_CALL_STATE, { type: 'dial' });
  s = nextCallState(s, { type: 'start', mode: 'p2p' });
  s = nextCallState(s, { type: 'ice-restart' });
  assert.deepEqual(s, { kind: 'connecting', mode: 'p2p', iceRestarts: 1 });
  assert.equal(nextCallState(s, { type: 'ice-restart' }), s);
  s = nextCallState(s, { type: 'fallback' });
  s = nextCallState(s, { type: 'media-up' });
  assert.deepEqual(s, { kind: 'connected', mode: 'sfu' });
  s = nextCallState(s, { type: 'end', code: 'hangup', reason: 'done' });
  assert.deepEqual(s, { kind: 'ended', code: 'hangup', reason: 'done' });
});
