import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameBatcher, type FrameBatcherOptions } from './frame-batcher.js';

/** A fake clock with frames and timers run by hand. */
function harness(hidden = false) {
  let now = 0;
  let frames: Array<() => void> = [];
  let timers: Array<{ at: number; run: () => void }> = [];
  const batches: number[][] = [];
  const options: FrameBatcherOptions = {
    minIntervalMs: 100,
    hiddenDelayMs: 100,
    now: () => now,
    frame: (run) => void frames.push(run),
    timeout: (run, ms) => void timers.push({ at: now + ms, run }),
    hidden: () => hidden,
  };
  const batcher = new FrameBatcher<number>((b) => batches.push(b), options);
  return {
    batcher,
    batches,
    /** Advances time by `ms` in 16 ms frames, running due timers and then the frame's callbacks. */
    advance(ms: number) {
      for (let t = 0; t < ms; t += 16) {
        now += 16;
        const due = timers.filter((x) => x.at <= now);
        timers = timers.filter((x) => x.at > now);
        for (const x of due) x.run();
        const run = frames;
        frames = [];
        for (const f of run) f();
      }
    },
  };
}

test('a lone item applies on the next frame', () => {
  const h = harness();
  h.batcher.push(1);
  assert.deepEqual(h.batches, []);
  h.advance(16);
  assert.deepEqual(h.batches, [[1]]);
});

test('a burst is applied in order, in batches at least the minimum interval apart', () => {
  const h = harness();
  for (let i = 0; i < 200; i++) {
    h.batcher.push(i);
    if (i % 2) h.advance(16); // two items per frame, 60 frames a second
  }
  h.advance(500);
  assert.deepEqual(
    h.batches.flat(),
    Array.from({ length: 200 }, (_, i) => i),
    'every item once, in order',
  );
  // 100 frames of arrivals (1.6 s) at one batch per 100 ms: about 16 batches, not 100.
  assert.ok(h.batches.length <= 20, `${h.batches.length} batches`);
  assert.ok(h.batches.length >= 10, `${h.batches.length} batches`);
});

test('while hidden, a timer applies the batch; clear drops what waits; flushNow applies at once', () => {
  const hidden = harness(true);
  hidden.batcher.push(1);
  hidden.batcher.push(2);
  hidden.advance(112);
  assert.deepEqual(hidden.batches, [[1, 2]]);
  const h = harness();
  h.batcher.push(1);
  h.batcher.clear();
  h.advance(50);
  assert.deepEqual(h.batches, []);
  h.batcher.push(2);
  h.batcher.flushNow();
  assert.deepEqual(h.batches, [[2]]);
  h.advance(200);
  assert.deepEqual(h.batches, [[2]], 'the scheduled batch of a flushed item does not run again');
  assert.equal(h.batcher.size, 0);
  h.batcher.push(3);
  assert.deepEqual(h.batcher.pending(), [3]);
});
