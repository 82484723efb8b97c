import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type JoinAttempt,
  type JoinAttemptEffect,
  type JoinAttemptInput,
  nextJoinAttempt,
  startJoinAttempt,
} from './join-attempt.js';

const input: fc.Arbitrary<JoinAttemptInput> = fc.constantFrom('attach', 'timeout', 'welcome', 'stop');

/**
 * A model of the room around the state machine: a timer that is armed or not (a `timeout` only comes from an
 * armed timer, except stale callbacks, which the model sends too), what was reported and published.
 */
test('background joins: timers, timeout reports and re-publishing follow the model (random sequences)', () => {
  fc.assert(
    fc.property(fc.boolean(), fc.array(input, { maxLength: 40 }), (restored, inputs) => {
      let { state, effects } = startJoinAttempt(restored);
      let armed: boolean = false;
      let reports = 0;
      let publishes = 0;
      let timedOutSinceAttach = false;
      const apply = (
        fx: readonly JoinAttemptEffect[],
        from: JoinAttempt,
        why: JoinAttemptInput | 'start',
      ) => {
        for (const e of fx) {
          if (e === 'arm-timer') {
            assert.equal(armed, false, `armed twice (${from.kind} + ${why})`);
            armed = true;
          } else if (e === 'clear-timer') {
            assert.equal(armed, true, 'cleared a timer that was not running');
            armed = false;
          } else if (e === 'report-timeout') {
            reports++;
          } else {
            assert.equal(why, 'attach', 'the request is published again only on attach');
            assert.ok(timedOutSinceAttach, 'and only after a timeout');
            publishes++;
          }
        }
      };
      apply(effects, state, 'start');
      assert.equal(armed, !restored, 'a rejoin’s timer starts at once, a restored one’s on attach');
      for (const i of inputs) {
        const before = state;
        const wasArmed: boolean = armed;
        // a real timer fires once and is gone; a stale callback (not armed) may still arrive
        if (i === 'timeout' && armed) armed = false;
        ({ state, effects } = nextJoinAttempt(state, i));
        apply(effects, before, i);
        if (before.kind === 'done') assert.deepEqual(effects, [], 'nothing happens after done');
        if (i === 'timeout') {
          assert.equal(
            effects.includes('report-timeout'),
            wasArmed && before.kind === 'waiting',
            'a timeout is reported exactly when the running timer fires',
          );
          if (effects.includes('report-timeout')) timedOutSinceAttach = true;
        }
        if (i === 'attach' && before.kind === 'timed-out') {
          assert.ok(effects.includes('publish-again'), 'a timed-out join asks again on the next attach');
          timedOutSinceAttach = false;
        }
        if (i === 'welcome' || i === 'stop') assert.equal(state.kind, 'done');
        if (state.kind === 'done') assert.equal(armed, false, 'no timer outlives the join');
        assert.equal(armed, state.kind === 'waiting', 'the timer runs exactly while waiting');
      }
      assert.ok(publishes <= reports, 'never more re-publishes than timeouts');
    }),
    { numRuns: 500 },
  );
});
