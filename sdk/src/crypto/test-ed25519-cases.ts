/**
 * Test-only: signatures crafted with noble's arithmetic at the edges of strict Ed25519 verification (RFC 8032
 * §5.1.7 with noble's `zip215: false` rules), where platform verifiers differ from each other and from noble
 * (small-order and non-canonical keys, `S ≥ L`, torsion components, a small-order or non-canonical R). Each case
 * carries noble's verdict; every path of the SDK (native, noble, WebCrypto, the lazily loaded fallback) must give
 * exactly it. No Node API: the browser tests use it too.
 *
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, fromHex } from './bytes.js';

/** One crafted verification. */
export interface Ed25519EdgeCase {
  /** What it exercises. */
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
  /** noble's strict verdict. */
  readonly valid: boolean;
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const P = 2n ** 255n - 19n;

/** A little-endian byte string as a number. */
export function leToNumber(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i] as number);
  return n;
}

/** A number below 2^256 as 32 little-endian bytes. */
export function numberToLe(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** k = SHA-512(R || A || M) mod L (RFC 8032 §5.1.7 step 2), over the exact bytes given. */
const challenge = (r: Uint8Array, a: Uint8Array, m: Uint8Array) =>
  leToNumber(sha512(concatBytes(r, a, m))) % L;

/**
 * The crafted cases for one key seed and message (both any bytes; the seed is 32 bytes).
 *
 * @returns cases whose `valid` is noble's strict verdict (asserted here, so a case is what its name says).
 */
export function ed25519EdgeCases(seed: Uint8Array, message: Uint8Array): Ed25519EdgeCase[] {
  const { scalar: a, pointBytes: A } = ed25519.utils.getExtendedPublicKey(seed);
  const B = ed25519.Point.BASE;
  const sig = ed25519.sign(message, seed);
  const order2 = ed25519.Point.fromHex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
  const order8 = ed25519.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
  const cases: Ed25519EdgeCase[] = [];
  const add = (name: string, publicKey: Uint8Array, signature: Uint8Array, valid: boolean) => {
    const noble = ed25519.verify(signature, message, publicKey, { zip215: false });
    if (noble !== valid) throw new Error(`crafted case "${name}": noble says ${noble}`);
    cases.push({ name, publicKey, message, signature, valid });
  };
  add('an honest signature', A, sig, true);
  // S + L: the same point equation, refused by S < L
  add('S + L', A, concatBytes(sig.subarray(0, 32), numberToLe(leToNumber(sig.subarray(32)) + L)), false);
  // keys of small order, with a signature OpenSSL's cofactorless equation accepts: [S]B = R + [k]·identity
  const rB = B.multiply(5n).toBytes();
  const idSig = concatBytes(rB, numberToLe(5n));
  add('identity key', fromHex(`01${'00'.repeat(31)}`), idSig, false);
  add('identity key, non-canonical (y = p + 1)', numberToLe(P + 1n), idSig, false);
  add('x = 0 with the sign bit', fromHex(`01${'00'.repeat(30)}80`), idSig, false);
  add('order-2 key', order2.toBytes(), idSig, false);
  // a key with a torsion component (not of small order, so allowed): [S]B = R + [k]A holds up to [k]T, which
  // noble's cofactored equation absorbs and a cofactorless one does not (unless 8 divides k)
  {
    const mixedA = B.multiply(a).add(order8).toBytes();
    const r = 987654321n;
    const R = B.multiply(r).toBytes();
    const S = (r + challenge(R, mixedA, message) * a) % L;
    add('key with a torsion component (cofactored equation)', mixedA, concatBytes(R, numberToLe(S)), true);
  }
  // R with a torsion component: noble's cofactored equation holds, a cofactorless one does not
  {
    const r = 123456789n;
    const R = B.multiply(r).add(order2).toBytes();
    const S = (r + challenge(R, A, message) * a) % L;
    add('torsion in R (cofactored equation)', A, concatBytes(R, numberToLe(S)), true);
  }
  // R of small order (the identity) with S = k·a: both equations hold; the Secure Curves draft lets WebCrypto
  // refuse a small-order R, noble accepts it
  {
    const R = fromHex(`01${'00'.repeat(31)}`);
    const S = (challenge(R, A, message) * a) % L;
    add('small-order R (identity)', A, concatBytes(R, numberToLe(S)), true);
    // the same R encoded non-canonically (y = p + 1): refused for its encoding
    const Rn = numberToLe(P + 1n);
    add(
      'non-canonical R (y = p + 1)',
      A,
      concatBytes(Rn, numberToLe((challenge(Rn, A, message) * a) % L)),
      false,
    );
  }
  // R = canonical bytes that are no point (the first y from 2 without an x)
  let y = 2n;
  for (; ; y++) {
    try {
      ed25519.Point.fromBytes(numberToLe(y), false);
    } catch {
      break;
    }
  }
  add('R not on the curve', A, concatBytes(numberToLe(y), sig.subarray(32)), false);
  const flipped = sig.slice();
  flipped[40] = (flipped[40] as number) ^ 1;
  add('flipped bit in S', A, flipped, false);
  return cases;
}
