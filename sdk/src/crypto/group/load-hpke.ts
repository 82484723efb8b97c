/**
 * Loads the MLS provider's HPKE framing (`hpke-cipher-suite.ts`, with `@hpke/core` and `@hpke/common`; a lazy
 * chunk in bundles that split) on first use, and the cipher suite that stands in for it until then.
 *
 * Which HPKE operations ts-mls 1.6.4 runs where (`cs.hpke.*`):
 * - key package (`generateKeyPackage`): `generateKeyPair`, `exportPrivateKey`, `exportPublicKey`;
 * - `createGroup`: none;
 * - application messages (`createApplicationMessage`, `processMessage` of one): `encryptAead`, `decryptAead`,
 *   `keyLength`, `nonceLength`;
 * - commits, Welcomes and joins: `seal` / `open` (path secrets, group secrets), `deriveKeyPair` (node keys from
 *   path secrets, RFC 9420 §7.4, whose DeriveKeyPair is RFC 9180 §7.1.3's labelled HKDF), `importPublicKey`,
 *   `importPrivateKey`; external joins `exportSecret` / `importSecret`.
 *
 * So {@link LazyHpkeSuite} does the first two groups itself, on the raw keys of `raw-x25519-key.ts` and the
 * crypto core's X25519 (the same bytes the framing's KEM uses), and loads the framing for the rest: a first open
 * that creates a group and sends or receives messages never loads it. The chunk also carries ts-mls's commit,
 * join and whole message processing (`createCommit`, `joinGroup`, `processMessage`): `MlsGroup` awaits
 * {@link loadHpke} before a commit or a join and {@link loadHpkeForCommit} before processing anything but an
 * application message of the current epoch, so a failed load is a typed error before any state changes.
 *
 * @module
 */
import type { CipherSuite, RecipientContextParams, SenderContextParams } from '@hpke/core';
import type { Aead } from 'ts-mls/crypto/aead.js';
import { CryptoError } from '../errors.js';
import { loadOnce, loadWithRetries } from '../lazy-load.js';
import { HPKE_COMMIT_LOAD_RETRY_MS } from '../limits.js';
import { generateX25519Async } from '../primitives/index.js';
import type { MlsAeadKind } from './hpke-cipher-suite.js';
import { deserializeX25519Key, RawX25519Key, serializeX25519Key } from './raw-x25519-key.js';

/** The HPKE framing module (`createHpkeCipherSuite`, and ts-mls's `createCommit`, `joinGroup`, `processMessage`). */
export type HpkeModule = typeof import('./hpke-cipher-suite.js');

/**
 * Loads the HPKE framing (once; later calls return the same promise).
 *
 * @returns the module with `createHpkeCipherSuite`.
 * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when its code could not be loaded (e.g. a failed chunk
 *   download); a later call tries again.
 * @example
 * await loadHpke(); // before a commit
 */
export const loadHpke: () => Promise<HpkeModule> = loadOnce(
  () => import('./hpke-cipher-suite.js'),
  (cause) => CryptoError.notLoaded('HPKE', cause),
);

/**
 * {@link loadHpke} for processing a received message (a commit, a proposal, a message of an earlier epoch), which
 * cannot wait for a later call the way the member's own commits can (a skipped commit costs a rejoin, a skipped
 * message is lost): a failed load is tried again after each of
 * {@link HPKE_COMMIT_LOAD_RETRY_MS} before the last failure is thrown.
 *
 * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when every attempt failed.
 */
export function loadHpkeForCommit(): Promise<HpkeModule> {
  return loadWithRetries(loadHpke, HPKE_COMMIT_LOAD_RETRY_MS);
}

type KeyPair = { privateKey: CryptoKey; publicKey: CryptoKey };

/**
 * The members of `@hpke/core`'s `CipherSuite` that ts-mls's `makeGenericHpke` uses, with the HPKE framing
 * loaded on first use: `seal`, `open`, `createSenderContext`, `createRecipientContext` and `kem.deriveKeyPair`
 * go to the loaded suite; key (de)serialization, `kem.generateKeyPair` and the AEAD's sizes (ts-mls reads them
 * synchronously, as `keyLength` and `nonceLength`) need none of it. Keys are {@link RawX25519Key}s either way.
 */
export class LazyHpkeSuite {
  /** The AEAD's key and nonce sizes (RFC 9180 §7.3: Nk 16 for AES-128-GCM, 32 for ChaCha20-Poly1305; Nn 12). */
  readonly aead: { readonly keySize: number; readonly nonceSize: number };
  /** DHKEM(X25519, HKDF-SHA256): raw 32-byte keys (RFC 9180 §7.1.1). */
  readonly kem = {
    serializePublicKey: async (key: CryptoKey): Promise<ArrayBuffer> => serializeX25519Key(key, 'public'),
    deserializePublicKey: async (key: ArrayBufferLike | ArrayBufferView): Promise<CryptoKey> =>
      deserializeX25519Key(key, 'public') as unknown as CryptoKey,
    serializePrivateKey: async (key: CryptoKey): Promise<ArrayBuffer> => serializeX25519Key(key, 'private'),
    deserializePrivateKey: async (key: ArrayBufferLike | ArrayBufferView): Promise<CryptoKey> =>
      deserializeX25519Key(key, 'private') as unknown as CryptoKey,
    /**
     * A fresh key pair (a key package's init and leaf keys) through the platform's X25519 where it has one
     * (`generateX25519Async`: WebCrypto in browsers, the native backend in Node, noble otherwise): in a browser,
     * noble's first fixed-base multiplication builds its table, ≈ 300 ms on a first open. The framing's KEM
     * makes its ephemeral keys the same way.
     */
    generateKeyPair: async (): Promise<KeyPair> => {
      const kp = await generateX25519Async();
      const publicKey = new RawX25519Key('public', kp.publicKey);
      const privateKey = new RawX25519Key('private', kp.secretKey, publicKey);
      return { privateKey, publicKey } as unknown as KeyPair;
    },
    /** RFC 9180 §7.1.3 DeriveKeyPair: the framing's labelled HKDF (loads it). */
    deriveKeyPair: async (ikm: ArrayBufferLike | ArrayBufferView): Promise<KeyPair> =>
      (await this.#load()).kem.deriveKeyPair(ikm),
  };
  readonly #kind: MlsAeadKind;
  readonly #aeadImpl: Aead;
  /** The loaded suite, or its load in flight; forgotten when the load failed. */
  #suite: Promise<CipherSuite> | undefined;

  /**
   * @param kind - the ciphersuite's AEAD.
   * @param aead - its implementation, for the framing's AEAD once loaded.
   */
  constructor(kind: MlsAeadKind, aead: Aead) {
    this.#kind = kind;
    this.#aeadImpl = aead;
    this.aead = { keySize: kind === 'AES128GCM' ? 16 : 32, nonceSize: 12 };
  }

  /** RFC 9180 §6.1 single-shot SealBase (loads the framing). */
  async seal(params: SenderContextParams, plaintext: ArrayBuffer, aad?: ArrayBuffer) {
    return (await this.#load()).seal(params, plaintext, aad);
  }

  /** RFC 9180 §6.1 single-shot OpenBase (loads the framing). */
  async open(params: RecipientContextParams, ciphertext: ArrayBuffer, aad?: ArrayBuffer) {
    return (await this.#load()).open(params, ciphertext, aad);
  }

  /** RFC 9180 §5.1.1 SetupBaseS (loads the framing). */
  async createSenderContext(params: SenderContextParams) {
    return (await this.#load()).createSenderContext(params);
  }

  /** RFC 9180 §5.1.1 SetupBaseR (loads the framing). */
  async createRecipientContext(params: RecipientContextParams) {
    return (await this.#load()).createRecipientContext(params);
  }

  /**
   * The loaded cipher suite (one per instance: its KDF remembers public hashes across seals).
   *
   * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when the framing could not be loaded; the next call tries again.
   */
  #load(): Promise<CipherSuite> {
    if (!this.#suite) {
      const suite = loadHpke().then((m) => m.createHpkeCipherSuite(this.#kind, this.#aeadImpl));
      this.#suite = suite;
      suite.catch(() => {
        if (this.#suite === suite) this.#suite = undefined;
      });
    }
    return this.#suite;
  }

  /**
   * This suite as the `CipherSuite` type ts-mls's `makeGenericHpke` takes (it uses only the members above).
   */
  asCipherSuite(): CipherSuite {
    return this as unknown as CipherSuite;
  }
}
