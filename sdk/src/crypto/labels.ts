/**
 * Every KDF info string and signature domain-separation label of the crypto core, defined once.
 * All are ASCII; the bytes on the wire are their UTF-8 encoding. Changing any of them breaks interoperability:
 * bump the version tag (`v1`) instead.
 *
 * @module
 */

/** AEAD message layer: key derived from an epoch/chain secret (HKDF-Expand info, suite id appended). */
export const LABEL_AEAD_KEY = 'CrypTalk v1 aead key';
/** AEAD message layer: base nonce derived from the same secret (HKDF-Expand info, suite id appended). */
export const LABEL_AEAD_NONCE = 'CrypTalk v1 aead nonce';
/** AEAD message layer: 3-byte magic at the start of the associated data. */
export const LABEL_AEAD_AAD = 'CT1';

/** Identity: signature over the device's X25519 key by its Ed25519 key. */
export const LABEL_IDENTITY_DH_KEY = 'CrypTalk v1 identity dh key';
/** Safety numbers: iterated SHA-512 fingerprint of one identity. */
export const LABEL_SAFETY_NUMBER = 'CrypTalk v1 safety number';

/** PQXDH: signature over a signed prekey (X25519). */
export const LABEL_PQXDH_SIGNED_PREKEY = 'CrypTalk v1 pqxdh signed prekey';
/** PQXDH: signature over a post-quantum prekey (ML-KEM-768, one-time or last-resort). */
export const LABEL_PQXDH_PQ_PREKEY = 'CrypTalk v1 pqxdh pq prekey';
/** PQXDH: HKDF info for the shared key (Signal PQXDH §2.2 "info" parameter). */
export const LABEL_PQXDH_KDF = 'CrypTalk_v1_PQXDH_CURVE25519_SHA-256_CRYSTALS-KYBER-768';
/** PQXDH: HKDF info to split SK into root key and the two header keys. */
export const LABEL_PQXDH_SPLIT = 'CrypTalk v1 pqxdh split';

/** Double Ratchet: KDF_RK info (HKDF with the root key as salt). */
export const LABEL_RATCHET_ROOT = 'CrypTalk v1 ratchet root';
/** Double Ratchet: KDF_CK input byte for the message key (HMAC(ck, 0x01)). */
export const RATCHET_CK_MESSAGE_BYTE = 0x01;
/** Double Ratchet: KDF_CK input byte for the next chain key (HMAC(ck, 0x02)). */
export const RATCHET_CK_CHAIN_BYTE = 0x02;
/** Double Ratchet: HKDF info expanding a message key into AEAD key and nonce. */
export const LABEL_RATCHET_MESSAGE = 'CrypTalk v1 ratchet message';
/** Double Ratchet: HKDF info expanding a header key into AEAD key. */
export const LABEL_RATCHET_HEADER = 'CrypTalk v1 ratchet header';
/**
 * Double Ratchet, message version 2: KDF_CK input, HMAC-SHA512(ck, label) = next chain key (first 32 bytes) ||
 * message key (last 32 bytes, the body's AEAD key).
 */
export const LABEL_RATCHET_CHAIN_V2 = 'CrypTalk v2 ratchet chain';

/** Relay auth: HKDF info for the per-room pseudonymous Ed25519 seed (room id appended). */
export const LABEL_AUTH_ROOM_KEY = 'CrypTalk v1 auth room key';
/** Relay auth: domain-separation prefix of the signed challenge bytes. */
export const LABEL_AUTH_CHALLENGE = 'CrypTalk v1 auth challenge';

/** At rest: HKDF info of the key-encryption key derived from a passphrase KDF output. */
export const LABEL_AT_REST_KEK = 'CrypTalk v1 at-rest kek';
/** At rest: AAD of the wrapped database key. */
export const LABEL_AT_REST_WRAP = 'CrypTalk v1 at-rest wrap';
/** At rest: HKDF info of the record-encryption key derived from the database key. */
export const LABEL_AT_REST_RECORD = 'CrypTalk v1 at-rest record';
/** At rest: HKDF info of the blind-index key derived from the database key (field name appended). */
export const LABEL_AT_REST_BLIND_INDEX = 'CrypTalk v1 at-rest blind index';

/** Rooms: HKDF info of the key that seals join requests and welcomes of one group invite (room id as salt). */
export const LABEL_INVITE_SEAL = 'CrypTalk v1 invite seal';
/** Rooms: signature prefix of each group content envelope, signed with the member's identity key. */
export const LABEL_CONTENT_SIGNATURE = 'CrypTalk v1 content signature';
/** Rooms: ratchet context that binds every 1:1 message to its room. */
export const LABEL_DIRECT_CONTEXT = 'CrypTalk v1 direct room';
/** Rooms: SHA-256 prefix of the fingerprint of a prekey bundle carried in a 1:1 invite. */
export const LABEL_BUNDLE_FINGERPRINT = 'CrypTalk v1 bundle fingerprint';

/** Attachments: AAD of every attachment chunk, binding chunks to this format and version. */
export const LABEL_ATTACHMENT_CHUNK = 'CrypTalk attachment chunk v1';

/**
 * Calls: HKDF-SHA-256 info prefix for a call's media key: `info = label ‖ u32be(epoch)`, `salt = utf8(callId)`,
 * `ikm = the room's group secret`. The output is LiveKit key material (its worker derives the frame key).
 */
export const LABEL_CALL_MEDIA_KEY = 'CrypTalk v1 call media key';
/**
 * Calls: MLS exporter label (RFC 9420 §8.5, `MLS-Exporter(label, context = utf8(roomId), 32)`) of a group
 * room's call secret. A commit (a member removed) changes it, so media keys derived from it lock a removed
 * member out of media.
 */
export const LABEL_CALL_GROUP_SECRET = 'CrypTalk v1 call group secret';

/**
 * Group rejoin proof: prefix of the message a rejoining member signs with its identity key to prove its stale
 * leaf is its own (`rooms/rejoin-request.ts`, docs/protocol.md "Group rejoin").
 */
export const LABEL_GROUP_REJOIN = 'CrypTalk v1 group rejoin';
