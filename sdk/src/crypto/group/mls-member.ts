/**
 * MLS key packages for CrypTalk devices (RFC 9420 §10): a basic credential carrying the device's identity bytes.
 *
 * @module
 */
import {
  type Capabilities,
  decodeMlsMessage,
  defaultLifetime,
  encodeMlsMessage,
  type KeyPackage,
  type PrivateKeyPackage,
} from 'ts-mls';
import { abytes, concatBytes, readU32, u32, utf8 } from '../bytes.js';
import { GroupError } from '../errors.js';
import { loadMlsCreate, type MlsCreateModule } from './load-mls-create.js';
import {
  DEFAULT_MLS_CIPHERSUITE,
  type MlsCiphersuiteName,
  mlsCiphersuite,
  SUPPORTED_MLS_CIPHERSUITES,
} from './noble-provider.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
/** Version byte of {@link MlsMember.serialize}. */
const MLS_MEMBER_STATE_VERSION = 1;
const textDecoder = new TextDecoder('utf-8', { fatal: true });

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

  /**
   * The key package with its private keys, to keep a pending join across restarts: only ever write it to the
   * sealed (encrypted) local store, and zero the bytes after. Each part is `u32 length || bytes`:
   *
   * ```
   * u8 version (1) || identity || ciphersuite name (UTF-8) || key package (encoded MLSMessage)
   * || init private key || HPKE private key || signature private key
   * ```
   */
  serialize(): Uint8Array {
    const parts = [
      this.identity,
      utf8(this.suite),
      this.encodedKeyPackage(),
      this.privateKeys.initPrivateKey,
      this.privateKeys.hpkePrivateKey,
      this.privateKeys.signaturePrivateKey,
    ];
    return concatBytes(
      new Uint8Array([MLS_MEMBER_STATE_VERSION]),
      ...parts.flatMap((p) => [u32(p.length), p]),
    );
  }

  /**
   * Restores a member made by {@link MlsMember.serialize} (the caller zeroes `bytes`).
   *
   * @throws GroupError GROUP_MALFORMED when the bytes do not decode.
   */
  static deserialize(bytes: Uint8Array): MlsMember {
    abytes(bytes, undefined, 'member state');
    if (bytes[0] !== MLS_MEMBER_STATE_VERSION) throw GroupError.malformed('member state version');
    let at = 1;
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 6; i++) {
      if (at + 4 > bytes.length) throw GroupError.malformed('member state (truncated)');
      const n = readU32(bytes, at);
      if (at + 4 + n > bytes.length) throw GroupError.malformed('member state (truncated)');
      parts.push(bytes.slice(at + 4, at + 4 + n));
      at += 4 + n;
    }
    if (at !== bytes.length) throw GroupError.malformed('member state (trailing bytes)');
    const [identity, suite, kp, init, hpke, sig] = parts as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    let suiteName: string;
    try {
      suiteName = textDecoder.decode(suite);
    } catch {
      throw GroupError.malformed('member state (ciphersuite)');
    }
    return new MlsMember(identity, suiteName as MlsCiphersuiteName, decodeKeyPackage(kp), {
      initPrivateKey: init,
      hpkePrivateKey: hpke,
      signaturePrivateKey: sig,
    });
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
 * The capabilities a CrypTalk leaf advertises (RFC 9420 §7.2): MLS 1.0, the ciphersuites this provider
 * implements, basic credentials, no extension or proposal beyond the defaults, plus ts-mls's random GREASE values
 * (§13.5). ts-mls's `defaultCapabilities()` lists every ciphersuite it knows and x509 credentials, which this
 * client cannot use; the shorter list is also what every tree hash, KeyPackage and Welcome encodes for each leaf.
 */
function leafCapabilities({ greaseCapabilities, defaultGreaseConfig }: MlsCreateModule): Capabilities {
  return greaseCapabilities(defaultGreaseConfig, {
    versions: ['mls10'],
    ciphersuites: [...SUPPORTED_MLS_CIPHERSUITES],
    extensions: [],
    proposals: [],
    credentials: ['basic'],
  });
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
  const [create, cs] = await Promise.all([loadMlsCreate(), mlsCiphersuite(suite)]);
  const { publicPackage, privatePackage } = await create.generateKeyPackage(
    { credentialType: 'basic', identity: identity.slice() },
    leafCapabilities(create),
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
