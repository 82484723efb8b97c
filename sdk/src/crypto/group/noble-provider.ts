/**
 * A ts-mls `CryptoProvider` built on the crypto core's primitive wrappers, so it runs on whichever backend
 * they use (`primitives/native.ts`: node:crypto where the host offers it, noble otherwise; same bytes).
 *
 * - KDF: HKDF-SHA256 (`primitives/kdf.ts`).
 * - Hash / MAC: SHA-256, HMAC-SHA256 with constant-time verification.
 * - Signature: Ed25519, strict RFC 8032 verification (`primitives/ed25519.ts`).
 * - AEAD for message protection and inside HPKE: AES-128-GCM / ChaCha20-Poly1305 (`primitives/aead.ts`).
 * - HPKE (RFC 9180) framing: `@hpke/core` (ts-mls's own dependency), with the wrappers' AEAD and HKDF plugged
 *   into its key schedule and the wrappers' X25519 as the primitive of its DHKEM(X25519, HKDF-SHA256)
 *   (`hpke-cipher-suite.ts`), loaded on first use (`load-hpke.ts`): by commits, Welcomes and joins, never by
 *   creating a group, making a key package or application messages. Keys are raw 32-byte strings
 *   (`raw-x25519-key.ts`). X25519 goes through the asynchronous wrappers: node:crypto where the native backend
 *   is active, WebCrypto in a browser that has X25519, noble otherwise.
 * - RNG: the platform CSPRNG.
 *
 * Supported: MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (1) and
 * MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519 (3). The MLS interop vectors prove the pairing.
 *
 * @module
 */

import type { Ciphersuite, CiphersuiteImpl, CiphersuiteName, CryptoProvider } from 'ts-mls';
import { getCiphersuiteFromName } from 'ts-mls';
import type { Aead } from 'ts-mls/crypto/aead.js';
import { makeGenericHpke } from 'ts-mls/crypto/implementation/hpke.js';
import { equalBytes } from '../bytes.js';
import { GroupError } from '../errors.js';
import { MLS_HPKE_PUBLIC_KEY_CACHE } from '../limits.js';
import {
  ed25519SignAsync,
  ed25519VerifyAsync,
  generateEd25519Async,
  hkdfExpand,
  hkdfExtract,
  hmacSha256,
  namedAeadOpenAsync,
  namedAeadSealAsync,
  randomBytes,
  sha256Digest,
} from '../primitives/index.js';
import type { MlsAeadKind } from './hpke-cipher-suite.js';
import { LazyHpkeSuite } from './load-hpke.js';

/** MLS ciphersuites this provider implements. */
export const SUPPORTED_MLS_CIPHERSUITES = [
  'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519',
  'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519',
] as const satisfies readonly CiphersuiteName[];

/** One of {@link SUPPORTED_MLS_CIPHERSUITES}. */
export type MlsCiphersuiteName = (typeof SUPPORTED_MLS_CIPHERSUITES)[number];

/** The default MLS ciphersuite of CrypTalk rooms. */
export const DEFAULT_MLS_CIPHERSUITE: MlsCiphersuiteName =
  'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519';

/** The ciphersuite's AEAD on the crypto core's wrappers (application messages, and inside HPKE). */
function nobleAead(kind: MlsAeadKind): Aead {
  return {
    async encrypt(
      key: Uint8Array,
      nonce: Uint8Array,
      aad: Uint8Array,
      plaintext: Uint8Array,
    ): Promise<Uint8Array> {
      return namedAeadSealAsync(kind, key, nonce, plaintext, aad);
    },
    async decrypt(
      key: Uint8Array,
      nonce: Uint8Array,
      aad: Uint8Array,
      ciphertext: Uint8Array,
    ): Promise<Uint8Array> {
      return namedAeadOpenAsync(kind, key, nonce, ciphertext, aad);
    },
  };
}

/** The bytes of a public key as a one-byte-per-char string: a Map key built without per-byte formatting. */
function latin1Id(k: Uint8Array): string {
  return String.fromCharCode.apply(null, k as unknown as number[]);
}

/**
 * Wraps `importPublicKey` with a bounded cache keyed by the key's bytes: ts-mls imports the HPKE key of every
 * copath node on every commit, and the same keys recur across commits. Public values only; a failed import is
 * not cached.
 */
function cachePublicKeyImports(hpke: CiphersuiteImpl['hpke']): CiphersuiteImpl['hpke'] {
  const cache = new Map<string, Promise<unknown>>();
  const importPublicKey = hpke.importPublicKey.bind(hpke);
  hpke.importPublicKey = (k: Uint8Array) => {
    const id = latin1Id(k);
    let p = cache.get(id);
    if (!p) {
      p = importPublicKey(k);
      p.catch(() => cache.delete(id));
      cache.set(id, p);
      if (cache.size > MLS_HPKE_PUBLIC_KEY_CACHE) cache.delete(cache.keys().next().value as string);
    }
    return p as ReturnType<typeof importPublicKey>;
  };
  return hpke;
}

async function makeImpl(cs: Ciphersuite): Promise<CiphersuiteImpl> {
  if (!(SUPPORTED_MLS_CIPHERSUITES as readonly string[]).includes(cs.name))
    throw GroupError.unsupportedCiphersuite(cs.name);
  const kind = cs.hpke.aead as MlsAeadKind;
  const aead = nobleAead(kind);
  // HPKE's framing (@hpke/core, @hpke/common) loads on the first operation that needs it (load-hpke.ts)
  const hpkeSuite = new LazyHpkeSuite(kind, aead).asCipherSuite();
  return {
    name: cs.name,
    kdf: {
      async extract(salt, ikm) {
        return hkdfExtract(ikm, salt);
      },
      async expand(prk, info, len) {
        return hkdfExpand(prk, info, len);
      },
      size: 32,
    },
    hash: {
      async digest(data) {
        return sha256Digest(data);
      },
      async mac(key, data) {
        return hmacSha256(key, data);
      },
      async verifyMac(key, mac, data) {
        return equalBytes(hmacSha256(key, data), mac);
      },
    },
    signature: {
      // The platform's Ed25519 (WebCrypto) where it has one, else the synchronous backend: the same bytes either
      // way (Ed25519 is deterministic), without noble's base-point table on a browser's first group.
      async sign(signKey, message) {
        return ed25519SignAsync(signKey, message);
      },
      async verify(publicKey, message, signature) {
        return ed25519VerifyAsync(publicKey, message, signature);
      },
      async keygen() {
        const kp = await generateEd25519Async();
        return { signKey: kp.secretKey, publicKey: kp.publicKey };
      },
    },
    hpke: cachePublicKeyImports(await makeGenericHpke(cs.hpke, aead, hpkeSuite)),
    rng: { randomBytes },
  };
}

/**
 * The CrypTalk MLS crypto provider (pass to ts-mls `getCiphersuiteImpl(cs, provider)`).
 *
 * @throws GroupError GROUP_UNSUPPORTED_SUITE for other ciphersuites.
 */
export const cryptalkMlsProvider: CryptoProvider = { getCiphersuiteImpl: makeImpl };

const cache = new Map<string, Promise<CiphersuiteImpl>>();

/**
 * The ciphersuite implementation for a supported name (cached).
 *
 * @throws GroupError GROUP_UNSUPPORTED_SUITE.
 */
export function mlsCiphersuite(name: MlsCiphersuiteName = DEFAULT_MLS_CIPHERSUITE): Promise<CiphersuiteImpl> {
  if (!(SUPPORTED_MLS_CIPHERSUITES as readonly string[]).includes(name)) {
    return Promise.reject(GroupError.unsupportedCiphersuite(String(name)));
  }
  let impl = cache.get(name);
  if (!impl) {
    impl = makeImpl(getCiphersuiteFromName(name));
    cache.set(name, impl);
  }
  return impl;
}
