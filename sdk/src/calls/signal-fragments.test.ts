import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CallError } from './errors.js';
import {
  FRAGMENT_TIMEOUT_MS,
  MAX_PENDING_FRAGMENTED,
  MAX_SIGNAL_CHARS,
  MAX_SIGNAL_FRAGMENTS,
  SIGNAL_FRAGMENT_BYTES,
} from './limits.js';
import { decodeSignalFragment, fragmentSignal, SignalReassembler } from './signal-fragments.js';

const malformed = (e: unknown) => e instanceof CallError && e.code === 'CALL_SIGNAL_MALFORMED';

test('any signal text survives fragmentation and reassembly in any arrival order', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 3 * SIGNAL_FRAGMENT_BYTES, unit: 'grapheme' }),
      fc.integer(),
      (text, seed) => {
        const parts = fragmentSignal(text);
        assert.ok(parts.length >= 1 && parts.length <= MAX_SIGNAL_FRAGMENTS);
        for (const p of parts)
          assert.ok(p.length <= SIGNAL_FRAGMENT_BYTES + 11, 'a fragment fits one relay signal');
        // a deterministic shuffle
        const order = parts
          .map((_, i) => i)
          .sort((x, y) => ((x * 7919 + seed) % 13) - ((y * 7919 + seed) % 13));
        const r = new SignalReassembler();
        const outputs = order.map((i) => r.push('peer', parts[i] as Uint8Array));
        assert.deepEqual(outputs.slice(0, -1), new Array(parts.length - 1).fill(undefined));
        assert.equal(outputs.at(-1), text);
        assert.equal(r.size, 0);
      },
    ),
    { numRuns: 60 },
  );
});

test('a duplicate fragment is harmless; fragments of two senders never mix', () => {
  const text = 'x'.repeat(SIGNAL_FRAGMENT_BYTES + 10);
  const [p0, p1] = fragmentSignal(text) as [Uint8Array, Uint8Array];
  const r = new SignalReassembler();
  assert.equal(r.push('a', p0), undefined);
  assert.equal(r.push('a', p0), undefined);
  assert.equal(r.push('b', p1), undefined, 'the same id from another sender is another signal');
  assert.equal(r.push('a', p1), text);
});

test('bounded: old partial signals are evicted and expire', () => {
  let now = 0;
  const r = new SignalReassembler(() => now);
  const big = 'y'.repeat(SIGNAL_FRAGMENT_BYTES + 1);
  for (let i = 0; i < MAX_PENDING_FRAGMENTED + 5; i++) r.push('a', fragmentSignal(big)[0] as Uint8Array);
  assert.equal(r.size, MAX_PENDING_FRAGMENTED);
  now = FRAGMENT_TIMEOUT_MS + 1;
  r.push('a', fragmentSignal(big)[0] as Uint8Array);
  assert.equal(r.size, 1, 'expired ones are forgotten');
});

test('malformed fragments and oversize texts throw CALL_SIGNAL_MALFORMED', () => {
  assert.throws(() => fragmentSignal(''), malformed);
  assert.throws(() => fragmentSignal('z'.repeat(MAX_SIGNAL_CHARS + 1)), malformed);
  const good = fragmentSignal('z'.repeat(SIGNAL_FRAGMENT_BYTES + 3));
  const first = good[0] as Uint8Array;
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['header only', first.slice(0, 11)],
    ['version', Uint8Array.from([2, ...first.subarray(1)])],
    ['index ≥ count', Uint8Array.from([...first.subarray(0, 9), 2, 2, ...first.subarray(11)])],
    ['count 0', Uint8Array.from([...first.subarray(0, 9), 0, 0, ...first.subarray(11)])],
    ['too many', Uint8Array.from([...first.subarray(0, 9), 0, MAX_SIGNAL_FRAGMENTS + 1, 1])],
    ['short middle', first.slice(0, 100)],
    [
      'oversize',
      Uint8Array.from([1, ...first.subarray(1, 9), 0, 1, ...new Uint8Array(SIGNAL_FRAGMENT_BYTES + 1)]),
    ],
  ];
  for (const [what, bytes] of cases) assert.throws(() => decodeSignalFragment(bytes), malformed, what);
  // not UTF-8
  const bad = Uint8Array.from([1, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0xff, 0xfe]);
  assert.throws(() => new SignalReassembler().push('a', bad), malformed);
  // a fragment that disagrees with its signal's count
  const r = new SignalReassembler();
  r.push('a', first);
  const liar = Uint8Array.from([...first.subarray(0, 9), 1, 3, ...first.subarray(11)]);
  assert.throws(() => r.push('a', liar), malformed);
});
