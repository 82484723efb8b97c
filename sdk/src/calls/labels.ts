/**
 * KDF labels of calls. They belong with the crypto core's labels (crypto/labels.ts) and move there when
 * that file's owner takes them; the strings never change without a version bump.
 * @module
 */

/**
 * HKDF-SHA-256 info prefix for a call's media key: `info = label ‖ u32be(epoch)`, `salt = utf8(callId)`,
 * `ikm = the room's group secret`. The output is LiveKit key material (its worker derives the frame key).
 */
export const LABEL_CALL_MEDIA_KEY = 'CrypTalk v1 call media key';
