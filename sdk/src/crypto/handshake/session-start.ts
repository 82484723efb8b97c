/**
 * Starting a 1:1 session: PQXDH followed by the first Double Ratchet message, in one initial message.
 *
 * @module
 */

import { concatBytes } from '../bytes.js';
import { HandshakeError } from '../errors.js';
import type { DeviceIdentity, PublicIdentity } from '../identity/index.js';
import { type RatchetLimits, RatchetSession } from '../ratchet/index.js';
import {
  decodePqxdhHeader,
  decodePqxdhHeaderAsync,
  pqxdhInitiate,
  pqxdhInitiateAsync,
  pqxdhRespond,
  pqxdhRespondAsync,
} from './pqxdh.js';
import type { PrekeyBundle } from './prekey-bundle.js';
import type { PrekeyStore } from './prekey-store.js';

/** Options of {@link startSession}. */
export interface StartSessionOptions {
  /** AEAD suite (the initiator's device preference). @default AES-256-GCM */
  suite?: number;
  /** Ratchet limits. */
  limits?: RatchetLimits;
  /** Per-message context bound into the first message (e.g. a conversation id). */
  context?: Uint8Array;
}

/**
 * Initiator: runs PQXDH against a bundle and encrypts the first message. Needs ML-KEM-768 loaded (await
 * `loadMlKem768()` first, or use {@link startSessionAsync}, which loads it).
 *
 * @returns the session and the initial message (PQXDH header || ratchet message).
 * @example
 * const { session, initialMessage } = startSession(alice, bobBundle, utf8('hello'));
 */
export function startSession(
  identity: DeviceIdentity,
  bundle: PrekeyBundle,
  firstPlaintext: Uint8Array,
  options: StartSessionOptions = {},
): { session: RatchetSession; initialMessage: Uint8Array } {
  const x = pqxdhInitiate(identity, bundle, options.suite);
  const session = RatchetSession.initiator(x.init, x.responderRatchetKey, options.limits);
  const first = session.encrypt(firstPlaintext, options.context);
  return { session, initialMessage: concatBytes(x.header, first) };
}

/**
 * Responder: runs PQXDH from the initial message, decrypts the first ratchet message, and only then consumes
 * the one-time prekeys used. A forged or replayed initial message leaves the store unchanged. Needs ML-KEM-768
 * loaded (await `loadMlKem768()` first, or use {@link acceptSessionAsync}, which loads it).
 *
 * @throws HandshakeError HANDSHAKE_MALFORMED, HANDSHAKE_UNKNOWN_PREKEY; RatchetError when the first message
 *   does not authenticate.
 */
export function acceptSession(
  identity: DeviceIdentity,
  store: PrekeyStore,
  initialMessage: Uint8Array,
  options: { limits?: RatchetLimits; context?: Uint8Array } = {},
): { session: RatchetSession; plaintext: Uint8Array; peer: PublicIdentity } {
  const { header, length } = decodePqxdhHeader(initialMessage);
  if (initialMessage.length === length) throw HandshakeError.malformed('no first message');
  const r = pqxdhRespond(identity, store, header);
  const session = RatchetSession.responder(r.init, r.ratchetKeyPair, options.limits);
  const plaintext = session.decrypt(initialMessage.subarray(length), options.context);
  const used: Parameters<PrekeyStore['consume']>[0] = {
    ephemeralKey: header.ephemeralKey,
    pqKind: header.pqKind,
    pqId: header.pqId,
  };
  if (header.oneTimePrekeyId !== undefined) used.oneTimePrekeyId = header.oneTimePrekeyId;
  store.consume(used);
  return { session, plaintext, peer: r.peer };
}

/**
 * {@link startSession} with X25519 and the bundle's Ed25519 signatures on the platform's WebCrypto when it has
 * them (browsers with Secure Curves, Workers, Node ≥ 20); noble otherwise. Same wire bytes and session.
 */
export async function startSessionAsync(
  identity: DeviceIdentity,
  bundle: PrekeyBundle,
  firstPlaintext: Uint8Array,
  options: StartSessionOptions = {},
): Promise<{ session: RatchetSession; initialMessage: Uint8Array }> {
  const x = await pqxdhInitiateAsync(identity, bundle, options.suite);
  const session = await RatchetSession.initiatorAsync(x.init, x.responderRatchetKey, options.limits);
  const first = session.encrypt(firstPlaintext, options.context);
  return { session, initialMessage: concatBytes(x.header, first) };
}

/**
 * {@link acceptSession} with X25519 and the initiator's identity signature on the platform's WebCrypto when it
 * has them; noble otherwise. Same checks, same store changes (only after the first message authenticates).
 */
export async function acceptSessionAsync(
  identity: DeviceIdentity,
  store: PrekeyStore,
  initialMessage: Uint8Array,
  options: { limits?: RatchetLimits; context?: Uint8Array } = {},
): Promise<{ session: RatchetSession; plaintext: Uint8Array; peer: PublicIdentity }> {
  const { header, length } = await decodePqxdhHeaderAsync(initialMessage);
  if (initialMessage.length === length) throw HandshakeError.malformed('no first message');
  const r = await pqxdhRespondAsync(identity, store, header);
  const session = await RatchetSession.responderAsync(r.init, r.ratchetKeyPair, options.limits);
  const plaintext = await session.decryptAsync(initialMessage.subarray(length), options.context);
  const used: Parameters<PrekeyStore['consume']>[0] = {
    ephemeralKey: header.ephemeralKey,
    pqKind: header.pqKind,
    pqId: header.pqId,
  };
  if (header.oneTimePrekeyId !== undefined) used.oneTimePrekeyId = header.oneTimePrekeyId;
  store.consume(used);
  return { session, plaintext, peer: r.peer };
}
