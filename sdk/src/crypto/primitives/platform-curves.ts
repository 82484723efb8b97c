/**
 * Asynchronous X25519 and Ed25519 (verification, and the public key and signatures of a seed) on the platform's
 * WebCrypto (`crypto.subtle`, Secure Curves: Node ≥ 20, current Chromium, Firefox and Safari), which runs the
 * curve arithmetic natively (tens of times faster than JavaScript) and needs no curve code in the bundle.
 *
 * This module never imports `@noble/curves`: the synchronous functions of `x25519.ts` / `ed25519.ts` (noble, or
 * node:crypto where the native backend is active) are loaded on first need through `load-sync-curves.ts`, a
 * lazy chunk in bundles that split. They serve:
 * - the native backend (Node, `'auto'`): its synchronous calls are faster than WebCrypto's promises;
 * - the `'js'` choice (noble throughout);
 * - a platform without the algorithm, or one that refuses a key (the result must not depend on it);
 * - a signature the platform does not accept: noble's strict verifier decides (see below).
 * A browser with WebCrypto X25519 and Ed25519 (the `'auto'` choice there, or `'web'` on Node) opens group rooms
 * without ever loading them. If their chunk cannot be loaded, the call rejects with `CRYPTO_NOT_LOADED`.
 *
 * Every result is the synchronous functions' own, which tests check on the Wycheproof and RFC vectors through
 * WebCrypto and through the loaded fallback:
 * - X25519: an all-zero output is rejected (`CRYPTO_WEAK_DH`; WebCrypto refuses it itself, Secure Curves
 *   §deriveBits). WebCrypto takes any 32-byte public key (RFC 7748 §5: the top bit masked, non-canonical u
 *   accepted), as noble does.
 * - Ed25519 verification is noble's strict one (`zip215: false`). What noble checks without arithmetic runs here
 *   first on the bytes (`curve-checks.ts`): lengths, `S < L`, canonical encodings of A and R (`y < p`, no
 *   `x = 0` with the sign bit), A not of small order (WebCrypto implementations differ there). After those, a
 *   signature WebCrypto accepts satisfies `[S]B = R + [k]A`, cofactorless or cofactored (the Secure Curves
 *   draft allows either), and so noble's cofactored equation: noble accepts it too. A signature WebCrypto
 *   does not accept could still pass noble's cofactored check (a crafted torsion component, never an honest
 *   signer) or be refused by WebCrypto for a small-order R that noble allows: noble decides those, as it
 *   confirms the native backend's rejections (`ed25519.ts`), so every platform gives every member of a group
 *   the same verdict. Honest traffic never gets there.
 *
 * Nothing here imports `node:crypto`: WebCrypto is reached through `globalThis.crypto.subtle`.
 *
 * @module
 */
import { abytes, concatBytes, equalBytes, fromBase64, isAllZero, toBase64, zeroize } from '../bytes.js';
import { CryptoError } from '../errors.js';
import {
  ED25519_PUBLIC_LENGTH,
  ED25519_SECRET_LENGTH,
  ED25519_SIGNATURE_LENGTH,
  type Ed25519KeyPair,
  ed25519EncodingCanonical,
  ed25519PublicKeyStrict,
  ed25519ScalarCanonical,
  X25519_KEY_LENGTH,
  type X25519KeyPair,
} from './curve-checks.js';
import { loadedSyncCurves, loadSyncCurves, type SyncCurves } from './load-sync-curves.js';
import { cryptoBackendChoice, nativeActive } from './native.js';

/**
 * RFC 8410 §7 PrivateKeyInfo prefix of a raw 32-byte private key of the algorithm with OID 1.3.101.`oidArc`
 * (the two prefixes differ only there).
 */
const pkcs8Prefix = (oidArc: number): Uint8Array =>
  Uint8Array.of(
    0x30,
    0x2e,
    0x02,
    0x01,
    0x00,
    0x30,
    0x05,
    0x06,
    0x03,
    0x2b,
    0x65,
    oidArc,
    0x04,
    0x22,
    0x04,
    0x20,
  );
/** PKCS #8 prefix of an X25519 private key (OID 1.3.101.110). */
const PKCS8_X25519_PREFIX = pkcs8Prefix(0x6e);
/** PKCS #8 prefix of an Ed25519 private key, the seed (OID 1.3.101.112). */
const PKCS8_ED25519_PREFIX = pkcs8Prefix(0x70);
/** The X25519 base point u = 9 (RFC 7748 §4.1). */
const X25519_BASE_U = Uint8Array.of(9, ...new Uint8Array(31));
/** A platform key imported (or generated) for a caller's key array, with a copy of the bytes it was made from. */
interface CachedCryptoKey {
  bytes: Uint8Array;
  key: CryptoKey;
}

/**
 * CryptoKeys of keys held by callers, keyed by the caller's array (an entry dies with it), so a key used again
 * is not imported again: the ephemeral key of each HPKE encapsulation is generated here and used at once for
 * its DH (an MLS commit at 100 members makes about one per member), and a group's signing seed signs every
 * commit. A hit is served only if the array still holds the bytes the key was made from (a changed or zeroed
 * array is imported afresh). A private entry keeps the key inside the platform and one copy of it for that
 * comparison until the caller's array is collected, as `native.ts` does with OpenSSL's KeyObjects: a CryptoKey
 * cannot be zeroed, so zeroing the caller's array stays best effort.
 */
const keyCache = {
  x25519Private: new WeakMap<Uint8Array, CachedCryptoKey>(),
  x25519Public: new WeakMap<Uint8Array, CachedCryptoKey>(),
  ed25519Sign: new WeakMap<Uint8Array, CachedCryptoKey>(),
};

function cachedKey(cache: WeakMap<Uint8Array, CachedCryptoKey>, raw: Uint8Array): CryptoKey | undefined {
  const hit = cache.get(raw);
  return hit && equalBytes(hit.bytes, raw) ? hit.key : undefined;
}

function rememberKey(
  cache: WeakMap<Uint8Array, CachedCryptoKey>,
  raw: Uint8Array,
  key: CryptoKey,
): CryptoKey {
  cache.set(raw, { bytes: raw.slice(), key });
  return key;
}

let x25519Probe: Promise<SubtleCrypto | undefined> | undefined;
let ed25519Probe: Promise<SubtleCrypto | undefined> | undefined;

async function probe(algorithm: 'X25519' | 'Ed25519', raw: Uint8Array): Promise<SubtleCrypto | undefined> {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!subtle) return undefined;
  try {
    await subtle.importKey('raw', raw as BufferSource, { name: algorithm }, false, []);
    return subtle;
  } catch {
    return undefined;
  }
}

/**
 * The synchronous functions (the reference, see the module comment): at once when loaded, as for the native
 * backend's every call after its first, else once loaded.
 *
 * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when they could not be loaded.
 */
function reference(): SyncCurves | Promise<SyncCurves> {
  return loadedSyncCurves() ?? loadSyncCurves();
}

/** WebCrypto is used only where neither the native backend nor the `'js'` choice applies. */
function webCryptoWanted(): boolean {
  return !nativeActive() && cryptoBackendChoice() !== 'js';
}

function x25519Probed(): Promise<SubtleCrypto | undefined> {
  x25519Probe ??= probe('X25519', X25519_BASE_U);
  return x25519Probe;
}

function ed25519Probed(): Promise<SubtleCrypto | undefined> {
  // any valid point works for the probe: the encoding of the base point
  ed25519Probe ??= probe('Ed25519', Uint8Array.of(0x58, ...new Uint8Array(31).fill(0x66)));
  return ed25519Probe;
}

async function x25519Subtle(): Promise<SubtleCrypto | undefined> {
  return webCryptoWanted() ? x25519Probed() : undefined;
}

async function ed25519Subtle(): Promise<SubtleCrypto | undefined> {
  return webCryptoWanted() ? ed25519Probed() : undefined;
}

/**
 * Which curves the platform accelerates (probed once, cached).
 *
 * @returns `{ x25519, ed25519 }`: true where WebCrypto implements the algorithm.
 */
export async function platformCurveSupport(): Promise<{ x25519: boolean; ed25519: boolean }> {
  const [x, e] = await Promise.all([x25519Probed(), ed25519Probed()]);
  return { x25519: x !== undefined, ed25519: e !== undefined };
}

const base64url = (b: Uint8Array) => toBase64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64url = (t: string) => fromBase64(t.replace(/-/g, '+').replace(/_/g, '/'));

/**
 * Imports an X25519 private key. With its public key, as a JWK (RFC 8037 §2): several times cheaper than
 * PKCS #8 where the platform is OpenSSL 3 (Node), and the platform checks the two halves match. Without it,
 * or if the JWK is refused, as PKCS #8 (RFC 8410 §7). The secret briefly exists as a base64url string
 * (JavaScript cannot zero strings).
 */
async function importX25519Private(
  subtle: SubtleCrypto,
  secretKey: Uint8Array,
  ownPublicKey?: Uint8Array,
): Promise<CryptoKey> {
  if (ownPublicKey?.length === X25519_KEY_LENGTH) {
    try {
      const jwk = { kty: 'OKP', crv: 'X25519', d: base64url(secretKey), x: base64url(ownPublicKey) };
      return await subtle.importKey('jwk', jwk, { name: 'X25519' }, false, ['deriveBits']);
    } catch {
      // not this secret's public key (or no JWK support): PKCS #8 below
    }
  }
  const pkcs8 = concatBytes(PKCS8_X25519_PREFIX, secretKey);
  try {
    return await subtle.importKey('pkcs8', pkcs8 as BufferSource, { name: 'X25519' }, false, ['deriveBits']);
  } finally {
    zeroize(pkcs8);
  }
}

/**
 * X25519(secretKey, publicKey) (RFC 7748 §5) on the platform when it can, else with the synchronous `x25519Dh`
 * (loaded on first need). Same contract as `x25519Dh`: an all-zero (low-order) result is rejected.
 *
 * @param ownPublicKey - the public key of `secretKey`, when the caller has it: a faster import (optional;
 *   a wrong one is ignored, never used in the computation).
 * @throws CryptoError CRYPTO_WEAK_DH; CRYPTO_NOT_LOADED when the synchronous code was needed and could not be
 *   loaded; RangeError on wrong lengths.
 */
export async function x25519DhAsync(
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  ownPublicKey?: Uint8Array,
): Promise<Uint8Array> {
  abytes(secretKey, X25519_KEY_LENGTH, 'secretKey');
  abytes(publicKey, X25519_KEY_LENGTH, 'publicKey');
  const subtle = await x25519Subtle();
  if (!subtle) return (await reference()).x25519Dh(secretKey, publicKey, ownPublicKey);
  let priv: CryptoKey;
  let pub: CryptoKey;
  try {
    [priv, pub] = await Promise.all([
      cachedKey(keyCache.x25519Private, secretKey) ??
        importX25519Private(subtle, secretKey, ownPublicKey).then((key) =>
          rememberKey(keyCache.x25519Private, secretKey, key),
        ),
      cachedKey(keyCache.x25519Public, publicKey) ??
        subtle
          .importKey('raw', publicKey as BufferSource, { name: 'X25519' }, false, [])
          .then((key) => rememberKey(keyCache.x25519Public, publicKey, key)),
    ]);
  } catch {
    // the platform refused a key (Secure Curves takes any 32 bytes): the reference decides
    return (await reference()).x25519Dh(secretKey, publicKey, ownPublicKey);
  }
  let shared: Uint8Array;
  try {
    shared = new Uint8Array(await subtle.deriveBits({ name: 'X25519', public: pub }, priv, 256));
  } catch {
    // WebCrypto refuses exactly an all-zero result (Secure Curves §deriveBits, RFC 7748 §6.1)
    throw CryptoError.weakDh();
  }
  if (isAllZero(shared)) throw CryptoError.weakDh();
  return shared;
}

/**
 * The public key of an X25519 secret key: X25519(secretKey, 9), on the platform when it can, else with the
 * synchronous `x25519PublicKey` (loaded on first need: `CRYPTO_NOT_LOADED` when it cannot be).
 *
 * @param expected - what the caller believes it is (optional): only speeds up the import; the result is
 *   always computed from `secretKey`.
 */
export async function x25519PublicKeyAsync(
  secretKey: Uint8Array,
  expected?: Uint8Array,
): Promise<Uint8Array> {
  abytes(secretKey, X25519_KEY_LENGTH, 'secretKey');
  if (!(await x25519Subtle())) return (await reference()).x25519PublicKey(secretKey);
  return x25519DhAsync(secretKey, X25519_BASE_U, expected);
}

/**
 * Generates an X25519 key pair on the platform when it can (its CSPRNG and keygen, exported as a JWK),
 * else with the synchronous `generateX25519` (loaded on first need: `CRYPTO_NOT_LOADED` when it cannot be).
 */
export async function generateX25519Async(): Promise<X25519KeyPair> {
  const subtle = await x25519Subtle();
  if (!subtle) return (await reference()).generateX25519();
  try {
    const pair = (await subtle.generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
    const jwk = await subtle.exportKey('jwk', pair.privateKey);
    if (typeof jwk.d === 'string' && typeof jwk.x === 'string') {
      const secretKey = fromBase64url(jwk.d);
      const publicKey = fromBase64url(jwk.x);
      if (secretKey.length === X25519_KEY_LENGTH && publicKey.length === X25519_KEY_LENGTH) {
        // the DH that usually follows (an HPKE encapsulation) finds the key instead of importing it again
        rememberKey(keyCache.x25519Private, secretKey, pair.privateKey);
        return { secretKey, publicKey };
      }
    }
  } catch {
    // the platform refused: the synchronous code below
  }
  return (await reference()).generateX25519();
}

/**
 * Verifies an Ed25519 signature (RFC 8032 §5.1.7) with exactly the verdict of the strict `ed25519Verify`: the
 * byte checks first (lengths, `S < L`, canonical A and R, A not of small order), then the platform's verifier
 * where it has one; a signature it does not accept, or every signature where it has none, is decided by
 * `ed25519Verify` (loaded on first need; see the module comment). Like it, never false for a valid signature
 * and never throws on bad input of the right type.
 *
 * @returns true only for a valid signature.
 * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when the synchronous verifier was needed and could not be
 *   loaded; TypeError when an argument is not bytes.
 */
export async function ed25519VerifyAsync(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  abytes(publicKey, undefined, 'publicKey');
  abytes(message, undefined, 'message');
  abytes(signature, undefined, 'signature');
  if (publicKey.length !== ED25519_PUBLIC_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH)
    return false;
  if (!ed25519ScalarCanonical(signature.subarray(32))) return false;
  if (!ed25519PublicKeyStrict(publicKey) || !ed25519EncodingCanonical(signature.subarray(0, 32)))
    return false;
  const subtle = await ed25519Subtle();
  if (subtle) {
    try {
      const key = await subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, [
        'verify',
      ]);
      const sig = signature as BufferSource;
      if (await subtle.verify({ name: 'Ed25519' }, key, sig, message as BufferSource)) return true;
    } catch {
      // refused (e.g. a point not on the curve): decided below
    }
  }
  return (await reference()).ed25519Verify(publicKey, message, signature);
}

/**
 * Imports an Ed25519 seed (RFC 8032 private key) as a PKCS #8 key (RFC 8410 §7); the DER copy of the seed is
 * zeroed once imported.
 */
async function importEd25519Seed(
  subtle: SubtleCrypto,
  seed: Uint8Array,
  extractable: boolean,
  usages: KeyUsage[],
): Promise<CryptoKey> {
  const pkcs8 = concatBytes(PKCS8_ED25519_PREFIX, seed);
  try {
    return await subtle.importKey('pkcs8', pkcs8 as BufferSource, { name: 'Ed25519' }, extractable, usages);
  } finally {
    zeroize(pkcs8);
  }
}

/**
 * Generates an Ed25519 key pair on the platform when it can (its CSPRNG and keygen, the seed exported as a
 * JWK, RFC 8037 §2), else with the synchronous `generateEd25519` (loaded on first need: `CRYPTO_NOT_LOADED`
 * when it cannot be). Same result type: the seed stays a byte array (the caller keeps it sealed).
 */
export async function generateEd25519Async(): Promise<Ed25519KeyPair> {
  const subtle = await ed25519Subtle();
  if (!subtle) return (await reference()).generateEd25519();
  try {
    const pair = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const jwk = await subtle.exportKey('jwk', pair.privateKey);
    if (typeof jwk.d === 'string' && typeof jwk.x === 'string') {
      const secretKey = fromBase64url(jwk.d);
      const publicKey = fromBase64url(jwk.x);
      if (secretKey.length === ED25519_SECRET_LENGTH && publicKey.length === ED25519_PUBLIC_LENGTH)
        return { secretKey, publicKey };
    }
  } catch {
    // the platform refused: the synchronous code below
  }
  return (await reference()).generateEd25519();
}

/**
 * The public key of an Ed25519 seed (RFC 8032 §5.1.5), on the platform when it can (imported as PKCS #8 and
 * read back as a JWK), else with the synchronous `ed25519PublicKey` (loaded on first need).
 *
 * @throws RangeError when `seed` is not 32 bytes; CryptoError CRYPTO_NOT_LOADED when the synchronous code was
 *   needed and could not be loaded.
 */
export async function ed25519PublicKeyAsync(seed: Uint8Array): Promise<Uint8Array> {
  abytes(seed, ED25519_SECRET_LENGTH, 'secretKey');
  const subtle = await ed25519Subtle();
  if (!subtle) return (await reference()).ed25519PublicKey(seed);
  try {
    // extractable only so its public half can be read: the seed is already in this thread's memory
    const key = await importEd25519Seed(subtle, seed, true, ['sign']);
    const { x } = await subtle.exportKey('jwk', key);
    const publicKey = typeof x === 'string' ? fromBase64url(x) : undefined;
    if (publicKey?.length === ED25519_PUBLIC_LENGTH) return publicKey;
  } catch {
    // the platform refused: the synchronous code below
  }
  return (await reference()).ed25519PublicKey(seed);
}

/**
 * An Ed25519 signature (RFC 8032 §5.1.6) by a seed, on the platform when it can, else with the synchronous
 * `ed25519Sign` (loaded on first need). Ed25519 is deterministic: both give the same 64 bytes for the same seed
 * and message.
 *
 * @throws RangeError when `seed` is not 32 bytes; TypeError when `message` is not bytes; CryptoError
 *   CRYPTO_NOT_LOADED when the synchronous code was needed and could not be loaded.
 */
export async function ed25519SignAsync(seed: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  abytes(message, undefined, 'message');
  abytes(seed, ED25519_SECRET_LENGTH, 'secretKey');
  const subtle = await ed25519Subtle();
  if (!subtle) return (await reference()).ed25519Sign(seed, message);
  let signature: Uint8Array | undefined;
  try {
    const key =
      cachedKey(keyCache.ed25519Sign, seed) ??
      rememberKey(keyCache.ed25519Sign, seed, await importEd25519Seed(subtle, seed, false, ['sign']));
    signature = new Uint8Array(await subtle.sign({ name: 'Ed25519' }, key, message as BufferSource));
  } catch {
    // the platform refused: the synchronous code below
  }
  return signature?.length === ED25519_SIGNATURE_LENGTH
    ? signature
    : (await reference()).ed25519Sign(seed, message);
}
