/**
 * MLS key packages for CrypTalk devices (RFC 9420 §10): a basic credential carrying the device's identity bytes.
 *
 * @module
 */
import {
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  encodeMlsMessage,
  generateKeyPackage,
  type KeyPackage,
  type PrivateKeyPackage,
} from 'ts-mls';
import { abytes } from '../bytes.js';
import { GroupError } from '../errors.js';
import { DEFAULT_MLS_CIPHERSUITE, type MlsCiphersuiteName, mlsCiphersuite } from './noble-provider.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** A device's MLS key package with its private keys (one-use: a key package joins one group). */
export class MlsMember {
  /** The identity in the basic credential (e.g. the device's Ed25519 public key). */
  readonly identity: Uint8Array;
  /** The ciphersuite. */
  readonly suite: MlsCiphersuiteName;
  /** The public key package. */
  readonly keyPackage: KeyPackage;
  /** The private keys (init, HPKE leaf, signature). */
  readonly privateKeys: PrivateKeyPackage;

  /** @internal use {@link createMlsMember}. */
  constructor(
    identity: Uint8Array,
    suite: MlsCiphersuiteName,
    keyPackage: KeyPackage,
    privateKeys: PrivateKeyPackage,
  ) {
    this.identity = identity;
    this.suite = suite;
    this.keyPackage = keyPackage;
    this.privateKeys = privateKeys;
  }

  /** The key package as an encoded MLSMessage, to publish in the directory. */
  encodedKeyPackage(): Uint8Array {
    return encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: this.keyPackage });
  }

  /** Zeroes the private keys. */
  destroy(): void {
    this.privateKeys.initPrivateKey.fill(0);
    this.privateKeys.hpkePrivateKey.fill(0);
    this.privateKeys.signaturePrivateKey.fill(0);
  }

  /** Redacted. */
  toString(): string {
    return 'MlsMember(<redacted>)';
  }

  /** Redacted. */
  toJSON(): string {
    return this.toString();
  }

  /** Redacted. */
  [INSPECT](): string {
    return this.toString();
  }
}

/**
 * Generates a key package for a device.
 *
 * @param identity - 1..255 bytes put in the basic credential.
 * @param suite - MLS ciphersuite. @default MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519
 */
export async function createMlsMember(
  identity: Uint8Array,
  suite: MlsCiphersuiteName = DEFAULT_MLS_CIPHERSUITE,
): Promise<MlsMember> {
  abytes(identity, undefined, 'identity');
  if (identity.length === 0 || identity.length > 255) throw new RangeError('identity must be 1..255 bytes');
  const cs = await mlsCiphersuite(suite);
  const { publicPackage, privatePackage } = await generateKeyPackage(
    { credentialType: 'basic', identity: identity.slice() },
    defaultCapabilities(),
    defaultLifetime,
    [],
    cs,
  );
  return new MlsMember(identity.slice(), suite, publicPackage, privatePackage);
}

/**
 * Decodes a published key package (an MLSMessage of wireformat mls_key_package).
 *
 * @throws GroupError GROUP_MALFORMED.
 */
export function decodeKeyPackage(bytes: Uint8Array): KeyPackage {
  const m = safeDecode(bytes);
  if (m.wireformat !== 'mls_key_package') throw GroupError.malformed('key package');
  return m.keyPackage;
}

/** Decodes any MLSMessage strictly (the whole buffer). @throws GroupError GROUP_MALFORMED. */
export function safeDecode(bytes: Uint8Array) {
  abytes(bytes, undefined, 'message');
  let r: ReturnType<typeof decodeMlsMessage>;
  try {
    r = decodeMlsMessage(bytes, 0);
  } catch (cause) {
    throw new GroupError('GROUP_MALFORMED', 'malformed MLS message', { cause });
  }
  if (!r || r[1] !== bytes.length) throw GroupError.malformed('message');
  return r[0];
}
