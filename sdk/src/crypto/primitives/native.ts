/**
 * The native backend of the primitive wrappers: Node's `node:crypto` (OpenSSL), reached at run time through
 * `globalThis.process.getBuiltinModule('node:crypto')` (Node ≥ 20.16) so that no import statement ever names
 * it and browser bundles never see it. Browsers, Deno without the Node API and older Node always take the
 * portable path (noble).
 *
 * Only this module touches `node:crypto`; it exposes a narrow, typed surface of synchronous one-shot
 * operations that the wrappers (`aead.ts`, `kdf.ts`, `x25519.ts`, `ed25519.ts`) dispatch to when
 * {@link activeCryptoBackend} is `'native'`. The wrappers keep every check of the portable path (lengths,
 * all-zero DH output, strict Ed25519 encodings, `S < L`) and produce the same bytes; the vector tests run
 * both backends and compare their verdicts case by case.
 *
 * Choosing the backend: `'auto'` (the default) uses native where available; `'js'` forces noble everywhere;
 * `'web'` behaves as in a browser. Force it with {@link setCryptoBackend} or the environment variable
 * `CRYPTALK_CRYPTO=js` (or `web`; read once, when this module loads).
 *
 * @module
 */
import { equalBytes, fromHex as hex } from '../bytes.js';
import { randomBytes } from './random.js';

/**
 * What the caller asks for: native where the host offers it (`'auto'`); pure JavaScript everywhere (`'js'`);
 * or what a browser gets (`'web'`: noble for synchronous calls, WebCrypto for the asynchronous curve
 * functions of `platform-curves.ts`), to test or measure that path on Node.
 */
export type CryptoBackendChoice = 'auto' | 'js' | 'web';

/** The backend actually in use. */
export type CryptoBackend = 'native' | 'js';

/** Opaque OpenSSL key handle (`KeyObject`). */
type NativeKey = { readonly type: string };

interface NativeCipher {
  setAAD(aad: Uint8Array): unknown;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  getAuthTag(): Uint8Array;
}

interface NativeDecipher {
  setAAD(aad: Uint8Array): unknown;
  setAuthTag(tag: Uint8Array): unknown;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
}

interface NativeHmac {
  update(data: Uint8Array): NativeHmac;
  digest(): Uint8Array;
  digest(encoding: 'latin1'): string;
}

interface Jwk {
  kty: string;
  crv: string;
  x: string;
  d?: string;
}

/** The part of `node:crypto` used here (structural, so no Node types are needed). */
interface NodeCryptoSurface {
  createCipheriv(alg: string, key: Uint8Array, iv: Uint8Array, opts: { authTagLength: number }): NativeCipher;
  createDecipheriv(
    alg: string,
    key: Uint8Array,
    iv: Uint8Array,
    opts: { authTagLength: number },
  ): NativeDecipher;
  createHmac(alg: string, key: Uint8Array): NativeHmac;
  createHash(alg: string): NativeHmac;
  /** One-shot digest (Node ≥ 20.12). */
  hash?: (alg: string, data: Uint8Array, encoding: 'buffer') => Uint8Array;
  diffieHellman(opts: { privateKey: NativeKey; publicKey: NativeKey }): Uint8Array;
  createPrivateKey(opts: { key: Jwk; format: 'jwk' }): NativeKey;
  createPublicKey(opts: { key: Jwk; format: 'jwk' } | NativeKey): NativeKey & {
    export(opts: { format: 'jwk' }): { x?: string };
  };
  sign(alg: null, data: Uint8Array, key: NativeKey): Uint8Array;
  verify(alg: null, data: Uint8Array, key: NativeKey, signature: Uint8Array): boolean;
  getCiphers(): string[];
}

/** The part of Node's `Buffer` used here: base64url in C++ rather than a JavaScript loop. */
interface NodeBufferSurface {
  from(
    data: ArrayBufferLike,
    byteOffset: number,
    length: number,
  ): { toString(encoding: 'base64url'): string };
  from(data: string, encoding: 'base64url'): Uint8Array;
}

function loadNodeBuffer(): NodeBufferSurface | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.('node:buffer') as { Buffer?: NodeBufferSurface } | undefined;
    return typeof mod?.Buffer?.from === 'function' ? mod.Buffer : undefined;
  } catch {
    return undefined;
  }
}

const nodeBuffer = loadNodeBuffer();

const b64url = (b: Uint8Array): string => {
  if (nodeBuffer) return nodeBuffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i] as number);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromB64url = (t: string): Uint8Array => {
  // a copy into a plain Uint8Array (a Buffer from a string may be a slice of Node's shared pool)
  if (nodeBuffer) return new Uint8Array(nodeBuffer.from(t, 'base64url'));
  const bin = atob(t.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};
const ZERO_X = b64url(new Uint8Array(32));

type Curve = 'X25519' | 'Ed25519';

/** Environment variable that forces the pure-JavaScript backend when set to `js`. */
export const CRYPTO_BACKEND_ENV = 'CRYPTALK_CRYPTO';

function loadNodeCrypto(): NodeCryptoSurface | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCryptoSurface | undefined;
    if (!mod || typeof mod.createCipheriv !== 'function' || typeof mod.diffieHellman !== 'function')
      return undefined;
    if (!mod.getCiphers().includes('chacha20-poly1305')) return undefined;
    return mod;
  } catch {
    return undefined;
  }
}

/**
 * Checks once, at load, that this Node imports raw curve keys the way the wrappers rely on (a private JWK's `x`
 * is not used) and computes the RFC 7748 §6.1 and RFC 8032 §7.1 examples; any surprise disables the native
 * backend rather than risk a wrong answer.
 */
function selfTest(mod: NodeCryptoSurface | undefined): NodeCryptoSurface | undefined {
  if (!mod) return undefined;
  try {
    const jwk = (crv: Curve, d: Uint8Array): Jwk => ({ kty: 'OKP', crv, d: b64url(d), x: ZERO_X });
    const pubOf = (k: NativeKey) => mod.createPublicKey(k).export({ format: 'jwk' }).x;
    const a = mod.createPrivateKey({
      key: jwk('X25519', hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')),
      format: 'jwk',
    });
    const bPub = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    const shared = mod.diffieHellman({
      privateKey: a,
      publicKey: mod.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64url(bPub) }, format: 'jwk' }),
    });
    const e = mod.createPrivateKey({
      key: jwk('Ed25519', hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')),
      format: 'jwk',
    });
    const sig = mod.sign(null, new Uint8Array(0), e);
    const ok =
      pubOf(a) === b64url(hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a')) &&
      b64url(shared) === b64url(hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742')) &&
      pubOf(e) === b64url(hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')) &&
      b64url(sig) ===
        b64url(
          hex(
            'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
          ),
        );
    return ok ? mod : undefined;
  } catch {
    return undefined;
  }
}

function envChoice(): CryptoBackendChoice {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const v = env?.[CRYPTO_BACKEND_ENV];
    return v === 'js' || v === 'web' ? v : 'auto';
  } catch {
    return 'auto';
  }
}

const nodeCrypto = selfTest(loadNodeCrypto());
let choice: CryptoBackendChoice = envChoice();
let active: NodeCryptoSurface | undefined = choice === 'auto' ? nodeCrypto : undefined;

/**
 * Chooses the crypto backend of the primitive wrappers for the whole process: `'auto'` (default) uses
 * `node:crypto` where the host offers it synchronously (Node ≥ 20.16), else the portable noble code (and
 * WebCrypto for the asynchronous curve functions); `'js'` forces noble everywhere (tests, benchmarks, or to rule
 * the platform out); `'web'` does what a browser does (noble, plus WebCrypto for the asynchronous curve
 * functions). All produce the same bytes and the same verdicts. The environment variable `CRYPTALK_CRYPTO=js`
 * (or `web`) sets the choice at start-up.
 *
 * @param backend - `'auto'`, `'js'` or `'web'`.
 * @returns the backend now in use.
 * @throws TypeError on any other value.
 * @example
 * setCryptoBackend('js'); // pure JavaScript from here on
 */
export function setCryptoBackend(backend: CryptoBackendChoice): CryptoBackend {
  if (backend !== 'auto' && backend !== 'js' && backend !== 'web')
    throw new TypeError("backend must be 'auto', 'js' or 'web'");
  choice = backend;
  active = backend === 'auto' ? nodeCrypto : undefined;
  return activeCryptoBackend();
}

/**
 * The backend the primitive wrappers use right now: `'native'` (node:crypto) or `'js'` (noble).
 *
 * @returns `'native'` or `'js'`.
 */
export function activeCryptoBackend(): CryptoBackend {
  return active ? 'native' : 'js';
}

/** Whether the host offers the native backend at all (whatever the current choice). */
export function nativeCryptoAvailable(): boolean {
  return nodeCrypto !== undefined;
}

/** The current choice (`'auto'`, `'js'` or `'web'`). */
export function cryptoBackendChoice(): CryptoBackendChoice {
  return choice;
}

// ---------------------------------------------------------------------------------------------------------
// Dispatch helpers for the wrappers. Each returns `undefined` when the native backend is not active, so a
// wrapper reads `native.x(...) ?? noble(...)`-style code.

/** True when the wrappers should take the native path. */
export function nativeActive(): boolean {
  return active !== undefined;
}

/** A Uint8Array view of OpenSSL's output (a Buffer) that is a plain Uint8Array, as noble returns. */
function plain(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** The options of every AEAD context: one frozen object rather than a literal per call. */
const TAG_16 = Object.freeze({ authTagLength: 16 });

/** AEAD algorithms the native backend implements. */
export type NativeAeadAlgorithm = 'aes-256-gcm' | 'aes-128-gcm' | 'chacha20-poly1305';

/**
 * One-shot AEAD seal: `ciphertext || tag(16)`. The caller has checked key, nonce and tag lengths.
 * Requires {@link nativeActive}.
 */
export function nativeAeadSeal(
  alg: NativeAeadAlgorithm,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(plaintext.length + 16);
  nativeAeadSealInto(alg, key, nonce, plaintext, aad, out, 0);
  return out;
}

/**
 * {@link nativeAeadSeal} writing `ciphertext || tag(16)` into `dest` at `offset` (the caller checked that it fits)
 * instead of a new array. Requires {@link nativeActive}.
 */
export function nativeAeadSealInto(
  alg: NativeAeadAlgorithm,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  dest: Uint8Array,
  offset: number,
): void {
  const c = (active as NodeCryptoSurface).createCipheriv(alg, key, nonce, TAG_16);
  if (aad.length) c.setAAD(aad);
  if (plaintext.length) dest.set(c.update(plaintext), offset);
  c.final();
  dest.set(c.getAuthTag(), offset + plaintext.length);
}

/**
 * One-shot AEAD open of `ciphertext || tag(16)` (at least 16 bytes, checked by the caller).
 * Requires {@link nativeActive}.
 *
 * @returns the plaintext, or `undefined` when the tag does not verify (no partial output escapes).
 */
export function nativeAeadOpen(
  alg: NativeAeadAlgorithm,
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array,
): Uint8Array | undefined {
  const n = sealed.length - 16;
  const d = (active as NodeCryptoSurface).createDecipheriv(alg, key, nonce, TAG_16);
  d.setAuthTag(sealed.subarray(n));
  if (aad.length) d.setAAD(aad);
  const out = n ? d.update(sealed.subarray(0, n)) : new Uint8Array(0);
  try {
    d.final();
  } catch {
    out.fill(0);
    return undefined;
  }
  return plain(out);
}

/** HMAC-SHA256 (32 bytes). Requires {@link nativeActive}. */
export function nativeHmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return plain((active as NodeCryptoSurface).createHmac('sha256', key).update(message).digest());
}

/** HMAC-SHA512 (64 bytes). Requires {@link nativeActive}. */
export function nativeHmacSha512(key: Uint8Array, message: Uint8Array): Uint8Array {
  return plain((active as NodeCryptoSurface).createHmac('sha512', key).update(message).digest());
}

/**
 * The first `length` (≤ 32) bytes of HMAC-SHA256(key, message), written into `dest` at `offset` (the caller checked
 * the room). The tag comes back from OpenSSL as a one-byte string instead of a new Buffer (no ArrayBuffer to
 * allocate and sweep per call), and a string cannot be zeroed: only for tags that are public anyway, such as the
 * ratchet's header nonces, which go on the wire. Requires {@link nativeActive}.
 */
export function nativeHmacSha256PublicInto(
  key: Uint8Array,
  message: Uint8Array,
  dest: Uint8Array,
  offset: number,
  length: number,
): void {
  const tag = (active as NodeCryptoSurface).createHmac('sha256', key).update(message).digest('latin1');
  for (let i = 0; i < length; i++) dest[offset + i] = tag.charCodeAt(i);
}

/** SHA-256 digest. Requires {@link nativeActive}. */
export function nativeSha256(message: Uint8Array): Uint8Array {
  const c = active as NodeCryptoSurface;
  return plain(
    c.hash ? c.hash('sha256', message, 'buffer') : c.createHash('sha256').update(message).digest(),
  );
}

/** HMAC-SHA256 over the concatenation of two parts, without building it. Requires {@link nativeActive}. */
export function nativeHmacSha256Two(key: Uint8Array, a: Uint8Array, b: Uint8Array): Uint8Array {
  return plain((active as NodeCryptoSurface).createHmac('sha256', key).update(a).update(b).digest());
}

// ---------------------------------------------------------------------------------------------------------
// Curve keys. OpenSSL imports raw X25519/Ed25519 keys fastest as JWK (PKCS #8 DER goes through OpenSSL 3's
// decoder framework, ten times slower). A private JWK must carry `x`, which Node ignores when `d` is
// present (the public half is always recomputed from `d`); we pass the real one when known.

interface CachedKey {
  bytes: Uint8Array;
  key: NativeKey;
}

/**
 * KeyObjects of keys held by callers, keyed by the caller's array (the entry dies with it). Each hit compares
 * the array with the bytes imported, so a key array that was changed or zeroed is never served a stale handle.
 * A private entry keeps the key in OpenSSL memory and one copy for that comparison until the caller's array is
 * collected: JavaScript can never zero a KeyObject, so zeroing the caller's array remains best effort here.
 */
const keyCache: Record<`${Curve}:${'public' | 'private'}`, WeakMap<Uint8Array, CachedKey>> = {
  'X25519:public': new WeakMap(),
  'X25519:private': new WeakMap(),
  'Ed25519:public': new WeakMap(),
  'Ed25519:private': new WeakMap(),
};

function importKey(curve: Curve, raw: Uint8Array, isPrivate: boolean, ownPublic?: Uint8Array): NativeKey {
  const cache = keyCache[`${curve}:${isPrivate ? 'private' : 'public'}`];
  const hit = cache.get(raw);
  if (hit && equalBytes(hit.bytes, raw)) return hit.key;
  const c = active as NodeCryptoSurface;
  const key = isPrivate
    ? c.createPrivateKey({
        key: {
          kty: 'OKP',
          crv: curve,
          d: b64url(raw),
          x: ownPublic?.length === 32 ? b64url(ownPublic) : ZERO_X,
        },
        format: 'jwk',
      })
    : c.createPublicKey({ key: { kty: 'OKP', crv: curve, x: b64url(raw) }, format: 'jwk' });
  cache.set(raw, { bytes: raw.slice(), key });
  return key;
}

/**
 * The raw public key of a private KeyObject, read from its own JWK export (OpenSSL computed it at import): one
 * export instead of deriving a public KeyObject first, a few µs less per X25519 key pair (an MLS commit makes one
 * per HPKE seal).
 */
function publicOf(key: NativeKey): Uint8Array {
  const x = (key as NativeKey & { export(opts: { format: 'jwk' }): { x?: string } }).export({
    format: 'jwk',
  }).x;
  if (typeof x !== 'string') throw new Error('no public key');
  return fromB64url(x);
}

/**
 * X25519(secretKey, publicKey), both 32 bytes (checked by the caller). Requires {@link nativeActive}.
 *
 * @returns the 32-byte output, or `undefined` when OpenSSL refuses (it refuses an all-zero result).
 */
export function nativeX25519(
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  ownPublic?: Uint8Array,
): Uint8Array | undefined {
  try {
    const privateKey = importKey('X25519', secretKey, true, ownPublic);
    return plain(
      (active as NodeCryptoSurface).diffieHellman({
        privateKey,
        publicKey: importKey('X25519', publicKey, false),
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * A fresh X25519 key pair as raw bytes: 32 bytes from the platform CSPRNG (any 32 bytes are a valid X25519
 * secret key; RFC 7748 clamps on use), its public key from OpenSSL. The private KeyObject stays in the cache for
 * the returned secret array, so the DH that usually follows needs no import. Requires {@link nativeActive}.
 *
 * Not `generateKeyPairSync`: on Node 20, exporting a key made by it can deadlock when a garbage collection
 * during the export finalises the finished key-generation job, which takes the same lock (seen in CI).
 */
export function nativeX25519Generate(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = randomBytes(32);
  const privateKey = importKey('X25519', secretKey, true);
  const publicKey = publicOf(privateKey);
  if (publicKey.length !== 32) throw new Error('X25519 public key export failed');
  return { secretKey, publicKey };
}

/** The X25519 public key of a 32-byte secret key. Requires {@link nativeActive}. */
export function nativeX25519PublicKey(secretKey: Uint8Array): Uint8Array {
  return publicOf(importKey('X25519', secretKey, true));
}

/** The Ed25519 public key of a 32-byte seed. Requires {@link nativeActive}. */
export function nativeEd25519PublicKey(seed: Uint8Array): Uint8Array {
  return publicOf(importKey('Ed25519', seed, true));
}

/** Ed25519 signature (RFC 8032, deterministic) with a 32-byte seed. Requires {@link nativeActive}. */
export function nativeEd25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array {
  return plain((active as NodeCryptoSurface).sign(null, message, importKey('Ed25519', seed, true)));
}

/**
 * OpenSSL's Ed25519 verification (cofactorless, `S < L`). The caller runs the strict pre-checks first and
 * treats `false` as "not proven": see `ed25519.ts`. Requires {@link nativeActive}.
 */
export function nativeEd25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return (active as NodeCryptoSurface).verify(
      null,
      message,
      importKey('Ed25519', publicKey, false),
      signature,
    );
  } catch {
    return false;
  }
}
