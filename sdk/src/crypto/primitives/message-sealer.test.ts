import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { toHex, utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { AeadSuite } from './aead-base.js';
import { MessageOpener, MessageSealer } from './message-sealer.js';
import { randomBytes } from './random.js';

const binding = { sender: utf8('alice-device'), room: 'room-1', epoch: 7n };

describe('MessageSealer / MessageOpener', () => {
  for (const suite of [AeadSuite.AES_256_GCM, AeadSuite.CHACHA20_POLY1305, AeadSuite.XCHACHA20_POLY1305]) {
    it(`round-trips and counts upward (suite ${suite})`, () => {
      const secret = randomBytes(32);
      const s = new MessageSealer(suite, secret, binding);
      const o = new MessageOpener(suite, secret, binding);
      const a = s.seal(utf8('one'));
      const b = s.seal(utf8('one'));
      assert.notDeepEqual(a, b, 'same plaintext twice never gives the same ciphertext');
      assert.equal(a[0], suite);
      assert.deepEqual(o.open(a), { counter: 0n, plaintext: utf8('one') });
      assert.equal(o.open(b).counter, 1n);
    });
  }

  it('binds sender, room and epoch', () => {
    const secret = randomBytes(32);
    const wire = new MessageSealer(AeadSuite.AES_256_GCM, secret, binding).seal(utf8('x'));
    for (const other of [
      { ...binding, sender: utf8('mallory') },
      { ...binding, room: 'room-2' },
      { ...binding, epoch: 8n },
    ]) {
      assert.throws(
        () => new MessageOpener(AeadSuite.AES_256_GCM, secret, other).open(wire),
        (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_DECRYPT_FAILED',
      );
    }
  });

  it('flipping any byte fails (property)', () => {
    const secret = randomBytes(32);
    const o = new MessageOpener(AeadSuite.CHACHA20_POLY1305, secret, binding);
    const s = new MessageSealer(AeadSuite.CHACHA20_POLY1305, secret, binding);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (pt, pos, mask) => {
          const wire = s.seal(pt);
          const bad = wire.slice();
          const i = pos % bad.length;
          bad[i] = (bad[i] as number) ^ mask;
          assert.throws(() => o.open(bad), CryptoError);
          assert.deepEqual(o.open(wire).plaintext, pt);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('golden vector (docs/protocol.md), checked independently with node:crypto', () => {
    const s = new MessageSealer(AeadSuite.AES_256_GCM, new Uint8Array(32).fill(0x11), {
      sender: utf8('alice'),
      room: 'room-1',
      epoch: 7n,
    });
    assert.equal(
      toHex(s.seal(utf8('hello'))),
      '010000000000000000e3b3767d717a004cf7542ad66cb9cf2ed3b542fe51',
    );
    assert.equal(
      toHex(s.seal(utf8('hello'))),
      '0100000000000000010e7a5c0df7233c59da953b15048eba2f6ed2f2bdae',
    );
  });

  it('rejects unknown suites and short secrets', () => {
    assert.throws(() => new MessageSealer(9, randomBytes(32), binding), CryptoError);
    assert.throws(() => new MessageSealer(AeadSuite.AES_256_GCM, randomBytes(16), binding), RangeError);
  });
});
