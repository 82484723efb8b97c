/**
 * PQXDH prekey bundles (Signal, "The PQXDH Key Agreement Protocol", §3.2) and their wire encoding.
 *
 * ```
 * spkSig   = Ed25519.Sign(IK_sig, "CrypTalk v1 pqxdh signed prekey" || 0x00 || u32 spkId || spk)
 * pqSig    = Ed25519.Sign(IK_sig, "CrypTalk v1 pqxdh pq prekey" || 0x00 || u8 kind || u32 pqId || pqpk)
 * bundle   = 0x01 (version)
 *         || identity (128, see identity/public-identity.ts)
 *         || u32 spkId || spk (32) || spkSig (64)
 *         || u8 kind (1 = one-time, 2 = last resort) || u32 pqId || pqpk (1184) || pqSig (64)
 *         || u8 hasOpk (0 or 1) || [u32 opkId || opk (32)]
 * ```
 *
 * @module
 */
import { abytes, concatBytes, readU32, u32, utf8 } from '../bytes.js';
import { HandshakeError } from '../errors.js';
import {
  decodePublicIdentity,
  encodePublicIdentity,
  PUBLIC_IDENTITY_LENGTH,
  type PublicIdentity,
  verifyPublicIdentity,
  verifyPublicIdentityAsync,
} from '../identity/index.js';
import { LABEL_PQXDH_PQ_PREKEY, LABEL_PQXDH_SIGNED_PREKEY } from '../labels.js';
import { ed25519Verify, ed25519VerifyAsync, ML_KEM_768_PUBLIC_LENGTH } from '../primitives/index.js';

/** Bundle wire version. */
export const PREKEY_BUNDLE_VERSION = 0x01;

/** Kind of post-quantum prekey. */
export const PqPrekeyKind = {
  /** Used once, then deleted by the responder. */
  ONE_TIME: 1,
  /** Signed fallback used when one-time PQ prekeys run out; replaced periodically. */
  LAST_RESORT: 2,
} as const;

/** One of {@link PqPrekeyKind}. */
export type PqPrekeyKindId = (typeof PqPrekeyKind)[keyof typeof PqPrekeyKind];

/** A signed X25519 prekey. */
export interface SignedPrekey {
  /** Identifier chosen by the owner. */
  id: number;
  /** 32-byte X25519 public key. */
  publicKey: Uint8Array;
  /** 64-byte signature by the identity key. */
  signature: Uint8Array;
}

/** A signed ML-KEM-768 prekey. */
export interface PqPrekey {
  /** Identifier chosen by the owner. */
  id: number;
  /** One-time or last resort. */
  kind: PqPrekeyKindId;
  /** 1184-byte encapsulation key. */
  publicKey: Uint8Array;
  /** 64-byte signature by the identity key. */
  signature: Uint8Array;
}

/** An unsigned one-time X25519 prekey. */
export interface OneTimePrekey {
  /** Identifier chosen by the owner. */
  id: number;
  /** 32-byte X25519 public key. */
  publicKey: Uint8Array;
}

/** What an initiator fetches to start a session. */
export interface PrekeyBundle {
  /** The responder's identity. */
  identity: PublicIdentity;
  /** Its current signed prekey. */
  signedPrekey: SignedPrekey;
  /** A one-time PQ prekey if any is left, else the last-resort one. */
  pqPrekey: PqPrekey;
  /** A one-time X25519 prekey, if any is left. */
  oneTimePrekey?: OneTimePrekey;
}

/** Bytes signed for a signed prekey. */
export function signedPrekeyMessage(id: number, publicKey: Uint8Array): Uint8Array {
  return concatBytes(
    utf8(LABEL_PQXDH_SIGNED_PREKEY),
    new Uint8Array([0]),
    u32(id),
    abytes(publicKey, 32, 'spk'),
  );
}

/** Bytes signed for a PQ prekey. */
export function pqPrekeyMessage(kind: number, id: number, publicKey: Uint8Array): Uint8Array {
  return concatBytes(
    utf8(LABEL_PQXDH_PQ_PREKEY),
    new Uint8Array([0, kind]),
    u32(id),
    abytes(publicKey, ML_KEM_768_PUBLIC_LENGTH, 'pqpk'),
  );
}

/**
 * Verifies every signature of a bundle (Signal PQXDH §3.3: "Alice verifies the prekey signatures").
 *
 * @throws HandshakeError HANDSHAKE_BAD_BUNDLE.
 */
export function verifyPrekeyBundle(bundle: PrekeyBundle): void {
  try {
    verifyPublicIdentity(bundle.identity);
  } catch {
    throw HandshakeError.badBundle('identity binding');
  }
  const sk = bundle.identity.signingKey;
  const spk = bundle.signedPrekey;
  if (
    spk.publicKey?.length !== 32 ||
    !ed25519Verify(sk, signedPrekeyMessage(spk.id, spk.publicKey), spk.signature)
  ) {
    throw HandshakeError.badBundle('signed prekey signature');
  }
  const pq = bundle.pqPrekey;
  if (
    (pq.kind !== PqPrekeyKind.ONE_TIME && pq.kind !== PqPrekeyKind.LAST_RESORT) ||
    pq.publicKey?.length !== ML_KEM_768_PUBLIC_LENGTH ||
    !ed25519Verify(sk, pqPrekeyMessage(pq.kind, pq.id, pq.publicKey), pq.signature)
  ) {
    throw HandshakeError.badBundle('post-quantum prekey signature');
  }
  if (bundle.oneTimePrekey && bundle.oneTimePrekey.publicKey?.length !== 32) {
    throw HandshakeError.badBundle('one-time prekey length');
  }
}

/**
 * {@link verifyPrekeyBundle} with the three signatures checked concurrently on the platform's WebCrypto when
 * it has Ed25519 (see `primitives/platform-curves.ts`). Same checks, same errors.
 *
 * @throws HandshakeError HANDSHAKE_BAD_BUNDLE.
 */
export async function verifyPrekeyBundleAsync(bundle: PrekeyBundle): Promise<void> {
  const sk = bundle.identity.signingKey;
  const spk = bundle.signedPrekey;
  const pq = bundle.pqPrekey;
  const spkOk = spk.publicKey?.length === 32;
  const pqOk =
    (pq.kind === PqPrekeyKind.ONE_TIME || pq.kind === PqPrekeyKind.LAST_RESORT) &&
    pq.publicKey?.length === ML_KEM_768_PUBLIC_LENGTH;
  const [identityOk, spkSigOk, pqSigOk] = await Promise.all([
    verifyPublicIdentityAsync(bundle.identity).then(
      () => true,
      () => false,
    ),
    spkOk
      ? ed25519VerifyAsync(sk, signedPrekeyMessage(spk.id, spk.publicKey), spk.signature)
      : Promise.resolve(false),
    pqOk
      ? ed25519VerifyAsync(sk, pqPrekeyMessage(pq.kind, pq.id, pq.publicKey), pq.signature)
      : Promise.resolve(false),
  ]);
  if (!identityOk) throw HandshakeError.badBundle('identity binding');
  if (!spkSigOk) throw HandshakeError.badBundle('signed prekey signature');
  if (!pqSigOk) throw HandshakeError.badBundle('post-quantum prekey signature');
  if (bundle.oneTimePrekey && bundle.oneTimePrekey.publicKey?.length !== 32) {
    throw HandshakeError.badBundle('one-time prekey length');
  }
}

/** Encodes a bundle (see the module comment). */
export function encodePrekeyBundle(b: PrekeyBundle): Uint8Array {
  return concatBytes(
    new Uint8Array([PREKEY_BUNDLE_VERSION]),
    encodePublicIdentity(b.identity),
    u32(b.signedPrekey.id),
    abytes(b.signedPrekey.publicKey, 32, 'spk'),
    abytes(b.signedPrekey.signature, 64, 'spkSig'),
    new Uint8Array([b.pqPrekey.kind]),
    u32(b.pqPrekey.id),
    abytes(b.pqPrekey.publicKey, ML_KEM_768_PUBLIC_LENGTH, 'pqpk'),
    abytes(b.pqPrekey.signature, 64, 'pqSig'),
    b.oneTimePrekey
      ? concatBytes(
          new Uint8Array([1]),
          u32(b.oneTimePrekey.id),
          abytes(b.oneTimePrekey.publicKey, 32, 'opk'),
        )
      : new Uint8Array([0]),
  );
}

/**
 * Decodes and verifies a bundle.
 *
 * @throws HandshakeError HANDSHAKE_BAD_BUNDLE on any malformed field or bad signature.
 */
export function decodePrekeyBundle(bytes: Uint8Array): PrekeyBundle {
  abytes(bytes, undefined, 'bundle');
  const fixed = 1 + PUBLIC_IDENTITY_LENGTH + 4 + 32 + 64 + 1 + 4 + ML_KEM_768_PUBLIC_LENGTH + 64 + 1;
  if (bytes.length !== fixed && bytes.length !== fixed + 36) throw HandshakeError.badBundle('length');
  if (bytes[0] !== PREKEY_BUNDLE_VERSION) throw HandshakeError.badBundle('version');
  let o = 1;
  const take = (n: number) => {
    const v = bytes.slice(o, o + n);
    o += n;
    return v;
  };
  let identity: PublicIdentity;
  try {
    identity = decodePublicIdentity(take(PUBLIC_IDENTITY_LENGTH));
  } catch {
    throw HandshakeError.badBundle('identity binding');
  }
  const spkId = readU32(bytes, o);
  o += 4;
  const signedPrekey = { id: spkId, publicKey: take(32), signature: take(64) };
  const kind = bytes[o++] as PqPrekeyKindId;
  const pqId = readU32(bytes, o);
  o += 4;
  const pqPrekey = { id: pqId, kind, publicKey: take(ML_KEM_768_PUBLIC_LENGTH), signature: take(64) };
  const has = bytes[o++];
  const bundle: PrekeyBundle = { identity, signedPrekey, pqPrekey };
  if (has === 1) {
    if (bytes.length !== fixed + 36) throw HandshakeError.badBundle('length');
    const id = readU32(bytes, o);
    o += 4;
    bundle.oneTimePrekey = { id, publicKey: take(32) };
  } else if (has !== 0 || bytes.length !== fixed) {
    throw HandshakeError.badBundle('one-time prekey flag');
  }
  verifyPrekeyBundle(bundle);
  return bundle;
}
