import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ED25519_TORSION_SUBGROUP, ed25519, x25519 } from '@noble/curves/ed25519.js';
import { fromHex, toHex } from '../bytes.js';
import {
  ED25519_ORDER_LE,
  ED25519_PUBLIC_LENGTH,
  ED25519_SECRET_LENGTH,
  ED25519_SIGNATURE_LENGTH,
  ED25519_SMALL_ORDER_ENCODINGS,
  ed25519EncodingCanonical,
  ed25519PublicKeyStrict,
  ed25519ScalarCanonical,
  X25519_KEY_LENGTH,
} from './curve-checks.js';
import { randomBytes } from './random.js';

const le = (n: bigint): Uint8Array => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
};

/** noble's strict decoding (`zip215: false`), as its verifier decodes A and R. */
const nobleDecodes = (b: Uint8Array): { smallOrder: boolean } | undefined => {
  try {
    return { smallOrder: ed25519.Point.fromBytes(b, false).isSmallOrder() };
  } catch {
    return undefined;
  }
};

test("the constants are noble's: lengths, the group order L and the eight small-order encodings", () => {
  const curve = ed25519.Point.CURVE();
  assert.equal(toHex(ED25519_ORDER_LE), toHex(le(curve.n)), 'L');
  assert.equal(ED25519_SECRET_LENGTH, ed25519.lengths.secretKey);
  assert.equal(ED25519_PUBLIC_LENGTH, ed25519.lengths.publicKey);
  assert.equal(ED25519_SIGNATURE_LENGTH, ed25519.lengths.signature);
  assert.equal(X25519_KEY_LENGTH, x25519.lengths.publicKey);
  assert.deepEqual(ED25519_SMALL_ORDER_ENCODINGS.map(toHex), [...ED25519_TORSION_SUBGROUP]);
  for (const t of ED25519_SMALL_ORDER_ENCODINGS) assert.deepEqual(nobleDecodes(t), { smallOrder: true });
});

test('S < L exactly at the boundary (RFC 8032 §5.1.7)', () => {
  const n = ed25519.Point.CURVE().n;
  assert.equal(ed25519ScalarCanonical(le(0n)), true);
  assert.equal(ed25519ScalarCanonical(le(n - 1n)), true, 'L - 1');
  assert.equal(ed25519ScalarCanonical(le(n)), false, 'L');
  assert.equal(ed25519ScalarCanonical(le(n + 1n)), false, 'L + 1');
  assert.equal(ed25519ScalarCanonical(new Uint8Array(32).fill(0xff)), false, '2^256 - 1');
  assert.equal(ed25519ScalarCanonical(new Uint8Array(31)), false, 'wrong length');
});

test('the byte checks refuse nothing noble decodes, and everything noble refuses for its encoding or small order', () => {
  const p = ed25519.Point.CURVE().p;
  const withSign = (b: Uint8Array) => {
    const c = b.slice();
    c[31] = (c[31] as number) | 0x80;
    return c;
  };
  const edges: [string, Uint8Array][] = [
    ['y = p', le(p)],
    ['y = p + 1 (identity, non-canonical)', le(p + 1n)],
    ['y = p + 18', le(p + 18n)],
    ['y = 2^255 - 1', fromHex('ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')],
    ['y = 1, sign bit (x = 0)', withSign(le(1n))],
    ['y = p - 1, sign bit (x = 0)', withSign(le(p - 1n))],
    ['y = 1', le(1n)],
    ['y = p - 1', le(p - 1n)],
    ['base point', ed25519.Point.BASE.toBytes()],
    ['base point, sign flipped', withSign(ed25519.Point.BASE.toBytes())],
  ];
  for (let i = 0; i < 400; i++) edges.push([`random ${i}`, randomBytes(32)]);
  for (let i = 0; i < 50; i++)
    edges.push([`point ${i}`, ed25519.Point.BASE.multiply(BigInt(i + 2)).toBytes()]);
  // points with a torsion component (mixed order): not of small order, so strict keys
  for (const t of ED25519_TORSION_SUBGROUP)
    edges.push([`B + ${t}`, ed25519.Point.BASE.add(ed25519.Point.fromHex(t)).toBytes()]);
  let decodedCount = 0;
  for (const [name, b] of edges) {
    const decoded = nobleDecodes(b);
    // canonical bytes that are not a point are left to the verifier, which decodes them
    if (!decoded) continue;
    decodedCount++;
    assert.equal(ed25519EncodingCanonical(b), true, `${name}: noble decodes it`);
    assert.equal(ed25519PublicKeyStrict(b), !decoded.smallOrder, `${name}: small order ⇔ refused`);
  }
  assert.ok(decodedCount >= 60, `points checked: ${decodedCount}`);
  // the encodings noble refuses without arithmetic are refused on the bytes
  for (const [name, b] of edges.slice(0, 6)) {
    assert.equal(nobleDecodes(b), undefined, `${name}: noble refuses it`);
    assert.equal(ed25519EncodingCanonical(b), false, name);
    assert.equal(ed25519PublicKeyStrict(b), false, name);
  }
});
