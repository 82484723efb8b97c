import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { OnlineMonitor } from './online.js';
import { Backoff, Reconnector, type ReconnectState } from './reconnect.js';

describe('Backoff', () => {
  test('full jitter: every delay is in [0, min(max, base·2^n)); caps; reset on success (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (base, mult, randoms) => {
          const max = base * mult;
          let i = 0;
          const b = new Backoff({ baseMs: base, maxMs: max, random: () => randoms[i++ % randoms.length]! });
          for (let n = 0; n < randoms.length; n++) {
            const cap = Math.min(max, base * 2 ** n);
            const d = b.nextDelay()!;
            assert.ok(d >= 0 && d < cap + 1e-9 && d <= max, `attempt ${n}: ${d} vs cap ${cap}`);
          }
          b.reset();
          assert.equal(b.attempts, 0);
          assert.equal(b.nextCap, base);
        },
      ),
    );
  });

  test('random 0.999 gives nearly the cap, 0 gives 0, maxAttempts ends it; bad options are RangeErrors', () => {
    const b = new Backoff({ baseMs: 100, maxMs: 1000, maxAttempts: 3, random: () => 0.999 });
    assert.deepEqual([b.nextDelay(), b.nextDelay(), b.nextDelay(), b.nextDelay()], [99, 199, 399, undefined]);
    assert.equal(new Backoff({ random: () => 0 }).nextDelay(), 0);
    assert.equal(
      new Backoff({ random: () => 7 }).nextDelay(),
      0,
      'a broken random source cannot stretch delays',
    );
    assert.throws(() => new Backoff({ baseMs: 0 }), RangeError);
    assert.throws(() => new Backoff({ baseMs: 10, maxMs: 5 }), RangeError);
  });
});

const kindOf = (r: Reconnector): string => r.state.kind;

function fakeOnline(initial: boolean): OnlineMonitor & { set(v: boolean): void } {
  let online = initial;
  const listeners = new Set<(v: boolean) => void>();
  return {
    get online() {
      return online;
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set(v) {
      online = v;
      for (const l of listeners) l(v);
    },
  };
}

describe('Reconnector (fake timers)', () => {
  test('retries with backoff until connected, resets on success, reconnects after a drop', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let fails = 3;
    const calls: number[] = [];
    const states: ReconnectState['kind'][] = [];
    const r = new Reconnector(
      async () => {
        calls.push(calls.length);
        if (fails-- > 0) throw new Error('refused');
      },
      {
        backoff: new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0.5 }),
        onState: (s) => states.push(s.kind),
      },
    );
    r.start();
    await Promise.resolve();
    assert.deepEqual(r.state, { kind: 'waiting', attempt: 1, delayMs: 50 });
    t.mock.timers.tick(49);
    assert.equal(calls.length, 1);
    t.mock.timers.tick(1);
    await Promise.resolve();
    assert.deepEqual(r.state, { kind: 'waiting', attempt: 2, delayMs: 100 });
    t.mock.timers.tick(100);
    await Promise.resolve();
    assert.deepEqual(r.state, { kind: 'waiting', attempt: 3, delayMs: 200 });
    t.mock.timers.tick(200);
    await Promise.resolve();
    assert.equal(kindOf(r), 'connected');
    assert.equal(calls.length, 4);
    r.disconnected();
    assert.deepEqual(
      r.state,
      { kind: 'waiting', attempt: 1, delayMs: 50 },
      'backoff was reset by the success',
    );
    r.stop();
    t.mock.timers.tick(10_000);
    assert.equal(calls.length, 4, 'stopped: no more attempts');
    assert.equal(states.at(-1), 'stopped');
  });

  test('waits while offline and connects at once when back online; gives up after maxAttempts', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const online = fakeOnline(false);
    let ok = false;
    let calls = 0;
    const r = new Reconnector(
      async () => {
        calls++;
        if (!ok) throw new Error('down');
      },
      { online, backoff: new Backoff({ baseMs: 1000, maxAttempts: 2, random: () => 0.5 }) },
    );
    r.start();
    assert.equal(kindOf(r), 'offline');
    t.mock.timers.tick(60_000);
    assert.equal(calls, 0, 'no attempts while offline');
    online.set(true);
    await Promise.resolve();
    assert.equal(calls, 1);
    assert.equal(kindOf(r), 'waiting');
    online.set(false);
    assert.equal(kindOf(r), 'offline');
    online.set(true);
    await Promise.resolve();
    t.mock.timers.tick(500);
    await Promise.resolve();
    t.mock.timers.tick(1000);
    await Promise.resolve();
    assert.deepEqual(r.state, { kind: 'gave-up', attempts: 2 });
    ok = true;
    r.kick();
    await Promise.resolve();
    assert.equal(kindOf(r), 'connected');
    r.stop();
  });

  test('a result arriving after stop() is ignored', async () => {
    let resolve!: () => void;
    const r = new Reconnector(() => new Promise<void>((res) => (resolve = res)));
    r.start();
    r.stop();
    resolve();
    await new Promise((res) => setImmediate(res));
    assert.equal(kindOf(r), 'stopped');
  });
});
