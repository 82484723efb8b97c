import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readU16, readU32, u16, u32, writeU32 } from './bytes.js';

describe('fixed-width integers', () => {
  it('u32 / writeU32 / readU32 agree with a big-endian DataView', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 8 }), (n, offset) => {
        const viaView = new Uint8Array(offset + 4);
        new DataView(viaView.buffer).setUint32(offset, n, false);
        const written = new Uint8Array(offset + 4);
        writeU32(written, offset, n);
        assert.deepEqual(written, viaView, `n=${n} offset=${offset}`);
        assert.deepEqual(u32(n), viaView.subarray(offset));
        assert.equal(readU32(viaView, offset), n);
        assert.equal(readU32(viaView.subarray(offset), 0), n);
      }),
      { numRuns: 500 },
    );
  });

  it('u16 / readU16 agree with a big-endian DataView', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 8 }), (n, offset) => {
        const viaView = new Uint8Array(offset + 2);
        new DataView(viaView.buffer).setUint16(offset, n, false);
        assert.deepEqual(u16(n), viaView.subarray(offset), `n=${n}`);
        assert.equal(readU16(viaView, offset), n);
      }),
      { numRuns: 500 },
    );
  });

  it('reads past the end throw RangeError, as a DataView does', () => {
    const b = new Uint8Array(6);
    assert.throws(() => readU32(b, 3), RangeError);
    assert.throws(() => readU32(b.subarray(4), 0), RangeError);
    assert.throws(() => readU16(b, 5), RangeError);
    assert.throws(() => readU16(b, -1), RangeError);
    assert.equal(readU32(b, 2), 0);
  });
});
