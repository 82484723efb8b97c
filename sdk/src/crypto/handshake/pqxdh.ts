/**
 * PQXDH (Signal, "The PQXDH Key Agreement Protocol", rev. 3): X3DH plus one ML-KEM-768 encapsulation.
 *
 * ```
 * DH1 = DH(IK_A, SPK_B)   DH2 = DH(EK_A, IK_B)   DH3 = DH(EK_A, SPK_B)   DH4 = DH(EK_A, OPK_B) (if OPK)
 * (CT, SS) = ML-KEM-768.Encaps(PQPK_B)
 * SK  = HKDF(ikm = 0xFF×32 || DH1 || DH2 || DH3 [|| DH4] || SS, salt = 0x00×32,
 *            info = "CrypTalk_v1_PQXDH_CURVE25519_SHA-256_CRYSTALS-KYBER-768", 32)
 * RK || HK_A || HK_B = HKDF(ikm = SK, salt = "", info = "CrypTalk v1 pqxdh split", 96)
 * AD  = identity_A (128) || identity_B (128)            (both identities, see identity/public-identity.ts)
 *
 * initial header =
 *     0x01 (version) || suite (1)
 *  || identity_A (128) || EK_A (32)
 *  || u32 spkId || u8 pqKind || u32 pqId || CT (1088)
 *  || u8 hasOpk || [u32 opkId]
 * initial message = initial header || first ratchet message (ratchet/ratchet-header.ts)
 * ```
 * Every X25519 result is checked for all-zero (low-order) and rejected.
 *
 * @module
 */
import { abytes, concatBytes, readU32, u32, utf8, zeroize } from '../bytes.js';
import { CryptoError, HandshakeError } from '../errors.js';
import {
  type DeviceIdentity,
  decodePublicIdentity,
  encodePublicIdentity,
  PUBLIC_IDENTITY_LENGTH,
  type PublicIdentity,
  verifyPublicIdentityAsync,
} from '../identity/index.js';
import { LABEL_PQXDH_KDF, LABEL_PQXDH_SPLIT } from '../labels.js';
import {
  DEFAULT_AEAD_SUITE,
  generateX25519,
  generateX25519Async,
  hkdfSha256,
  isAeadSuite,
  loadMlKem768,
  ML_KEM_768_CIPHERTEXT_LENGTH,
  mlKem768Decapsulate,
  mlKem768Encapsulate,
  type X25519KeyPair,
  x25519Dh,
  x25519DhAsync,
} from '../primitives/index.js';
import type { RatchetInit } from '../ratchet/index.js';
import {
  PqPrekeyKind,
  type PqPrekeyKindId,
  type PrekeyBundle,
  verifyPrekeyBundle,
  verifyPrekeyBundleAsync,
} from './prekey-bundle.js';
import type { PrekeyStore } from './prekey-store.js';

/** Wire version of the PQXDH initial header. */
export const PQXDH_VERSION = 0x01;
/** Length of the initial header without the optional one-time prekey id. */
export const PQXDH_HEADER_BASE_LENGTH =
  2 + PUBLIC_IDENTITY_LENGTH + 32 + 4 + 1 + 4 + ML_KEM_768_CIPHERTEXT_LENGTH + 1;

/** A decoded PQXDH initial header. */
export interface PqxdhHeader {
  /** AEAD suite of the session. */
  suite: number;
  /** The initiator's identity. */
  identity: PublicIdentity;
  /** The initiator's ephemeral X25519 key. */
  ephemeralKey: Uint8Array;
  /** Which signed prekey was used. */
  signedPrekeyId: number;
  /** Which PQ prekey was used. */
  pqKind: PqPrekeyKindId;
  /** Its id. */
  pqId: number;
  /** ML-KEM ciphertext. */
  kemCiphertext: Uint8Array;
  /** Which one-time prekey was used, if any. */
  oneTimePrekeyId?: number;
}

/** Encodes an initial header. */
export function encodePqxdhHeader(h: PqxdhHeader): Uint8Array {
  return concatBytes(
    new Uint8Array([PQXDH_VERSION, h.suite]),
    encodePublicIdentity(h.identity),
    abytes(h.ephemeralKey, 32, 'ephemeralKey'),
    u32(h.signedPrekeyId),
    new Uint8Array([h.pqKind]),
    u32(h.pqId),
    abytes(h.kemCiphertext, ML_KEM_768_CIPHERTEXT_LENGTH, 'kemCiphertext'),
    h.oneTimePrekeyId === undefined
      ? new Uint8Array([0])
      : concatBytes(new Uint8Array([1]), u32(h.oneTimePrekeyId)),
  );
}

/**
 * Decodes the initial header at the start of `bytes`.
 *
 * @returns the header and the number of bytes it used.
 * @throws HandshakeError HANDSHAKE_MALFORMED.
 */
export function decodePqxdhHeader(bytes: Uint8Array): { header: PqxdhHeader; length: number } {
  return parsePqxdhHeader(bytes, decodePublicIdentity);
}

/**
 * {@link decodePqxdhHeader} with the initiator's identity binding verified on the platform's WebCrypto when it
 * has Ed25519. Same checks and errors.
 *
 * @throws HandshakeError HANDSHAKE_MALFORMED.
 */
export async function decodePqxdhHeaderAsync(
  bytes: Uint8Array,
): Promise<{ header: PqxdhHeader; length: number }> {
  let identityBytes: Uint8Array | undefined;
  const parsed = parsePqxdhHeader(bytes, (b) => {
    identityBytes = b;
    return PENDING_IDENTITY;
  });
  try {
    // decodePublicIdentity without its synchronous signature check, then the check itself
    const identity = decodeIdentityUnverified(identityBytes as Uint8Array);
    await verifyPublicIdentityAsync(identity);
    parsed.header.identity = identity;
  } catch {
    throw HandshakeError.malformed('identity');
  }
  return parsed;
}

const PENDING_IDENTITY: PublicIdentity = {
  signingKey: new Uint8Array(32),
  dhKey: new Uint8Array(32),
  dhKeySignature: new Uint8Array(64),
};

/** The 128-byte layout of identity/public-identity.ts; the caller verifies the binding right after. */
function decodeIdentityUnverified(b: Uint8Array): PublicIdentity {
  if (b.length !== PUBLIC_IDENTITY_LENGTH) throw HandshakeError.malformed('identity');
  return { signingKey: b.slice(0, 32), dhKey: b.slice(32, 64), dhKeySignature: b.slice(64, 128) };
}

function parsePqxdhHeader(
  bytes: Uint8Array,
  decodeIdentity: (b: Uint8Array) => PublicIdentity,
): { header: PqxdhHeader; length: number } {
  if (!(bytes instanceof Uint8Array) || bytes.length < PQXDH_HEADER_BASE_LENGTH)
    throw HandshakeError.malformed('too short');
  if (bytes[0] !== PQXDH_VERSION) throw HandshakeError.malformed('version');
  const suite = bytes[1] as number;
  if (!isAeadSuite(suite)) throw HandshakeError.malformed('suite');
  let o = 2;
  let identity: PublicIdentity;
  try {
    identity = decodeIdentity(bytes.subarray(o, o + PUBLIC_IDENTITY_LENGTH));
  } catch {
    throw HandshakeError.malformed('identity');
  }
  o += PUBLIC_IDENTITY_LENGTH;
  const ephemeralKey = bytes.slice(o, o + 32);
  o += 32;
  const signedPrekeyId = readU32(bytes, o);
  o += 4;
  const pqKind = bytes[o++] as PqPrekeyKindId;
  if (pqKind !== PqPrekeyKind.ONE_TIME && pqKind !== PqPrekeyKind.LAST_RESORT)
    throw HandshakeError.malformed('pq kind');
  const pqId = readU32(bytes, o);
  o += 4;
  const kemCiphertext = bytes.slice(o, o + ML_KEM_768_CIPHERTEXT_LENGTH);
  o += ML_KEM_768_CIPHERTEXT_LENGTH;
  const has = bytes[o++];
  const header: PqxdhHeader = { suite, identity, ephemeralKey, signedPrekeyId, pqKind, pqId, kemCiphertext };
  if (has === 1) {
    if (bytes.length < o + 4) throw HandshakeError.malformed('too short');
    header.oneTimePrekeyId = readU32(bytes, o);
    o += 4;
  } else if (has !== 0) {
    throw HandshakeError.malformed('one-time prekey flag');
  }
  return { header, length: o };
}

function deriveSecrets(
  dhs: Uint8Array[],
  ss: Uint8Array,
  a: PublicIdentity,
  b: PublicIdentity,
  suite: number,
): RatchetInit {
  const ikm = concatBytes(new Uint8Array(32).fill(0xff), ...dhs, ss);
  const sk = hkdfSha256(ikm, new Uint8Array(32), utf8(LABEL_PQXDH_KDF), 32);
  const split = hkdfSha256(sk, new Uint8Array(0), utf8(LABEL_PQXDH_SPLIT), 96);
  zeroize(ikm, sk, ...dhs, ss);
  return {
    rootKey: split.slice(0, 32),
    initiatorHeaderKey: split.slice(32, 64),
    responderHeaderKey: split.slice(64, 96),
    associatedData: concatBytes(encodePublicIdentity(a), encodePublicIdentity(b)),
    suite,
  };
}

/** What the initiator gets from {@link pqxdhInitiate}. */
export interface PqxdhInitiation {
  /** Secrets for `RatchetSession.initiator`. */
  init: RatchetInit;
  /** The responder's signed prekey: the initiator's first remote ratchet key. */
  responderRatchetKey: Uint8Array;
  /** The encoded initial header to send before the first ratchet message. */
  header: Uint8Array;
}

/**
 * Initiator side (Alice, PQXDH §3.3).
 *
 * @param identity - the initiator's identity.
 * @param bundle - the responder's bundle (verified here).
 * @param suite - AEAD suite for the session. @default AES-256-GCM
 * @throws HandshakeError HANDSHAKE_BAD_BUNDLE; CryptoError CRYPTO_WEAK_DH; CryptoError CRYPTO_NOT_LOADED before
 *   `loadMlKem768()` resolved.
 */
export function pqxdhInitiate(
  identity: DeviceIdentity,
  bundle: PrekeyBundle,
  suite: number = DEFAULT_AEAD_SUITE,
): PqxdhInitiation {
  if (!isAeadSuite(suite)) throw CryptoError.unsupportedSuite(suite);
  verifyPrekeyBundle(bundle);
  const ek = generateX25519();
  const spk = bundle.signedPrekey.publicKey;
  const dhs = [
    x25519Dh(identity.dhSecretKey(), spk),
    x25519Dh(ek.secretKey, bundle.identity.dhKey),
    x25519Dh(ek.secretKey, spk),
  ];
  if (bundle.oneTimePrekey) dhs.push(x25519Dh(ek.secretKey, bundle.oneTimePrekey.publicKey));
  const { ciphertext, sharedSecret } = mlKem768Encapsulate(bundle.pqPrekey.publicKey);
  const init = deriveSecrets(dhs, sharedSecret, identity.publicIdentity, bundle.identity, suite);
  const header: PqxdhHeader = {
    suite,
    identity: identity.publicIdentity,
    ephemeralKey: ek.publicKey,
    signedPrekeyId: bundle.signedPrekey.id,
    pqKind: bundle.pqPrekey.kind,
    pqId: bundle.pqPrekey.id,
    kemCiphertext: ciphertext,
  };
  if (bundle.oneTimePrekey) header.oneTimePrekeyId = bundle.oneTimePrekey.id;
  zeroize(ek.secretKey);
  return { init, responderRatchetKey: spk.slice(), header: encodePqxdhHeader(header) };
}

/**
 * {@link pqxdhInitiate} with X25519 and the bundle's Ed25519 signatures on the platform's WebCrypto when it
 * has them (see `primitives/platform-curves.ts`), concurrently. Same construction, same bytes on the wire.
 * Loads ML-KEM-768 first when it is not loaded yet.
 *
 * @throws HandshakeError HANDSHAKE_BAD_BUNDLE; CryptoError CRYPTO_WEAK_DH; CryptoError CRYPTO_NOT_LOADED when
 *   ML-KEM-768 could not be loaded.
 */
export async function pqxdhInitiateAsync(
  identity: DeviceIdentity,
  bundle: PrekeyBundle,
  suite: number = DEFAULT_AEAD_SUITE,
): Promise<PqxdhInitiation> {
  if (!isAeadSuite(suite)) throw CryptoError.unsupportedSuite(suite);
  const [ek] = await Promise.all([generateX25519Async(), verifyPrekeyBundleAsync(bundle), loadMlKem768()]);
  const spk = bundle.signedPrekey.publicKey;
  const own = identity.publicIdentity.dhKey;
  const pending = [
    x25519DhAsync(identity.dhSecretKey(), spk, own),
    x25519DhAsync(ek.secretKey, bundle.identity.dhKey, ek.publicKey),
    x25519DhAsync(ek.secretKey, spk, ek.publicKey),
  ];
  if (bundle.oneTimePrekey)
    pending.push(x25519DhAsync(ek.secretKey, bundle.oneTimePrekey.publicKey, ek.publicKey));
  const { ciphertext, sharedSecret } = mlKem768Encapsulate(bundle.pqPrekey.publicKey);
  let dhs: Uint8Array[];
  try {
    dhs = await Promise.all(pending);
  } finally {
    zeroize(ek.secretKey);
  }
  const init = deriveSecrets(dhs, sharedSecret, identity.publicIdentity, bundle.identity, suite);
  const header: PqxdhHeader = {
    suite,
    identity: identity.publicIdentity,
    ephemeralKey: ek.publicKey,
    signedPrekeyId: bundle.signedPrekey.id,
    pqKind: bundle.pqPrekey.kind,
    pqId: bundle.pqPrekey.id,
    kemCiphertext: ciphertext,
  };
  if (bundle.oneTimePrekey) header.oneTimePrekeyId = bundle.oneTimePrekey.id;
  return { init, responderRatchetKey: spk.slice(), header: encodePqxdhHeader(header) };
}

/** What the responder gets from {@link pqxdhRespond}. */
export interface PqxdhResponse {
  /** Secrets for `RatchetSession.responder`. */
  init: RatchetInit;
  /** The signed prekey pair: the responder's first ratchet key pair. */
  ratchetKeyPair: X25519KeyPair;
  /** The initiator's identity (compare its safety number before trusting it). */
  peer: PublicIdentity;
  /** The decoded header (pass to `PrekeyStore.consume` once the first message decrypts). */
  header: PqxdhHeader;
}

/**
 * Responder side (Bob, PQXDH §3.4). Does not consume one-time prekeys: call `store.consume(...)` after the
 * first ratchet message authenticates (see `acceptSession`).
 *
 * @throws HandshakeError HANDSHAKE_MALFORMED, HANDSHAKE_UNKNOWN_PREKEY; CryptoError CRYPTO_WEAK_DH; CryptoError
 *   CRYPTO_NOT_LOADED before `loadMlKem768()` resolved.
 */
export function pqxdhRespond(
  identity: DeviceIdentity,
  store: PrekeyStore,
  header: PqxdhHeader,
): PqxdhResponse {
  if (store.hasSeenEphemeral(header.ephemeralKey))
    throw HandshakeError.unknownPrekey('replayed initial message');
  const spk = store.signedPrekeyPair(header.signedPrekeyId);
  const pq = store.pqPrekeyPair(header.pqKind, header.pqId);
  const dhs = [
    x25519Dh(spk.secretKey, header.identity.dhKey),
    x25519Dh(identity.dhSecretKey(), header.ephemeralKey),
    x25519Dh(spk.secretKey, header.ephemeralKey),
  ];
  if (header.oneTimePrekeyId !== undefined) {
    dhs.push(x25519Dh(store.oneTimePrekeyPair(header.oneTimePrekeyId).secretKey, header.ephemeralKey));
  }
  const ss = mlKem768Decapsulate(header.kemCiphertext, pq.secretKey);
  const init = deriveSecrets(dhs, ss, header.identity, identity.publicIdentity, header.suite);
  return { init, ratchetKeyPair: spk, peer: header.identity, header };
}

/**
 * {@link pqxdhRespond} with X25519 on the platform's WebCrypto when it has it, concurrently. Same construction.
 * Loads ML-KEM-768 first when it is not loaded yet.
 *
 * @throws HandshakeError HANDSHAKE_MALFORMED, HANDSHAKE_UNKNOWN_PREKEY; CryptoError CRYPTO_WEAK_DH; CryptoError
 *   CRYPTO_NOT_LOADED when ML-KEM-768 could not be loaded.
 */
export async function pqxdhRespondAsync(
  identity: DeviceIdentity,
  store: PrekeyStore,
  header: PqxdhHeader,
): Promise<PqxdhResponse> {
  if (store.hasSeenEphemeral(header.ephemeralKey))
    throw HandshakeError.unknownPrekey('replayed initial message');
  const spk = store.signedPrekeyPair(header.signedPrekeyId);
  const pq = store.pqPrekeyPair(header.pqKind, header.pqId);
  await loadMlKem768();
  const pending = [
    x25519DhAsync(spk.secretKey, header.identity.dhKey, spk.publicKey),
    x25519DhAsync(identity.dhSecretKey(), header.ephemeralKey, identity.publicIdentity.dhKey),
    x25519DhAsync(spk.secretKey, header.ephemeralKey, spk.publicKey),
  ];
  if (header.oneTimePrekeyId !== undefined) {
    const opk = store.oneTimePrekeyPair(header.oneTimePrekeyId);
    pending.push(x25519DhAsync(opk.secretKey, header.ephemeralKey, opk.publicKey));
  }
  const ss = mlKem768Decapsulate(header.kemCiphertext, pq.secretKey);
  const dhs = await Promise.all(pending);
  const init = deriveSecrets(dhs, ss, header.identity, identity.publicIdentity, header.suite);
  return { init, ratchetKeyPair: spk, peer: header.identity, header };
}
