import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AeadSuite } from '../crypto/primitives/index.js';
import { ChunkCipher, chunkNonce, openChunk, sealChunk } from './chunk-cipher.js';
import { AttachmentError } from './errors.js';
import { decodeManifest, encodeManifest } from './manifest.js';

const key = new Uint8Array(32).fill(7);

test('nonce layout: 7 zero bytes, final flag, u32be index', () => {
  assert.deepEqual([...chunkNonce(0x01020304, true)], [0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4]);
  assert.deepEqual([...chunkNonce(5, false)], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
  assert.throws(() => chunkNonce(2 ** 32, false), RangeError);
});

test('a chunk opens only at its index, with its final flag, under its key, untampered (both suites)', () => {
  for (const suite of [AeadSuite.AES_256_GCM, AeadSuite.CHACHA20_POLY1305]) {
    const pt = new Uint8Array(100).fill(1);
    const ct = sealChunk(suite, key, 3, false, pt);
    assert.deepEqual(openChunk(suite, key, 3, false, ct), pt);
    const bad: [string, () => unknown][] = [
      ['moved', () => openChunk(suite, key, 4, false, ct)],
      ['marked final (truncation)', () => openChunk(suite, key, 3, true, ct)],
      ['wrong key', () => openChunk(suite, new Uint8Array(32), 3, false, ct)],
      [
        'tampered',
        () =>
          openChunk(
            suite,
            key,
            3,
            false,
            ct.map((b, i) => (i === 10 ? b ^ 1 : b)),
          ),
      ],
      ['cut', () => openChunk(suite, key, 3, false, ct.subarray(0, 10))],
    ];
    for (const [what, f] of bad) {
      assert.throws(
        f,
        (e: unknown) => e instanceof AttachmentError && e.code === 'ATTACHMENT_DECRYPT_FAILED',
        what,
      );
    }
  }
});

test('manifest round-trips and decodes hostile bytes only into ATTACHMENT_MALFORMED', () => {
  const m = {
    suite: AeadSuite.AES_256_GCM,
    size: 600_000,
    chunkSize: 262_144,
    segmentChunks: 2,
    segments: [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)],
  };
  const bytes = encodeManifest(m);
  assert.deepEqual(decodeManifest(bytes), m);
  fc.assert(
    fc.property(
      fc.nat(bytes.length - 1),
      fc.integer({ min: 1, max: 255 }),
      fc.uint8Array({ maxLength: 100 }),
      (i, x, junk) => {
        const flipped = bytes.slice();
        flipped[i] = (flipped[i] as number) ^ x;
        for (const b of [flipped, junk, bytes.subarray(0, i)]) {
          try {
            decodeManifest(b);
          } catch (e) {
            assert.ok(e instanceof AttachmentError && e.code === 'ATTACHMENT_MALFORMED', String(e));
          }
        }
      },
    ),
    { numRuns: 2000 },
  );
});

test('the WebCrypto AES-GCM path gives the crypto core bytes exactly, and both open each other', async () => {
  assert.ok(globalThis.crypto?.subtle, 'WebCrypto (globalThis.crypto.subtle) is needed by this test');
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.nat(2 ** 32 - 1),
      fc.boolean(),
      fc.uint8Array({ maxLength: 2000 }),
      async (k, index, final, pt) => {
        const fast = new ChunkCipher(AeadSuite.AES_256_GCM, k, true);
        const core = new ChunkCipher(AeadSuite.AES_256_GCM, k, false);
        const a = await fast.seal(index, final, pt);
        assert.deepEqual(a, sealChunk(AeadSuite.AES_256_GCM, k, index, final, pt));
        assert.deepEqual(await core.open(index, final, a), pt);
        assert.deepEqual(await fast.open(index, final, a), pt);
        await assert.rejects(fast.open(index, !final, a), { code: 'ATTACHMENT_DECRYPT_FAILED' });
      },
    ),
    { numRuns: 200 },
  );
});
