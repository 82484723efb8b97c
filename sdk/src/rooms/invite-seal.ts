/**
 * Sealing join requests and welcomes under a group invite's secret (payload kind `INVITE_SEALED`).
 *
 * ```text
 * inviteKey = HKDF-SHA-256(ikm = secret, salt = utf8(roomId), info = LABEL_INVITE_SEAL, 32)
 * body      = inviteId (8) || nonce (24, random) || XChaCha20-Poly1305(inviteKey, nonce, utf8(JSON inner), AAD)
 * AAD       = 0x01 || 0x02 || inviteId || utf8(roomId)
 * inner     = {"t":"req","req":<id>,"owner":<joiner's directory key>}
 *           | {"t":"welcome","req":<id>,"welcome":<b64url MLS Welcome>}
 * ```
 * @module
 */
import { concatBytes, equalBytes, utf8 } from '../crypto/bytes.js';
import { hkdfSha256, randomBytes, xchachaOpen, xchachaSeal } from '../crypto/primitives/index.js';
import { ClientError } from '../errors.js';
import { LABEL_INVITE_SEAL } from './labels.js';
import { INVITE_ID_LENGTH } from './limits.js';
import { PAYLOAD_VERSION, PayloadKind } from './payload.js';

/** What travels sealed under an invite. */
export type InviteMessage =
  | { t: 'req'; req: string; owner: string }
  | { t: 'welcome'; req: string; welcome: string };

const NONCE = 24;
const decoder = new TextDecoder('utf-8', { fatal: true });

function inviteKey(secret: Uint8Array, roomId: string): Uint8Array {
  return hkdfSha256(secret, utf8(roomId), utf8(LABEL_INVITE_SEAL), 32);
}

function aad(inviteId: Uint8Array, roomId: string): Uint8Array {
  return concatBytes(new Uint8Array([PAYLOAD_VERSION, PayloadKind.INVITE_SEALED]), inviteId, utf8(roomId));
}

/** Seals `message` under the invite. */
export function sealInviteMessage(
  invite: { inviteId: Uint8Array; secret: Uint8Array },
  roomId: string,
  message: InviteMessage,
): Uint8Array {
  const nonce = randomBytes(NONCE);
  const key = inviteKey(invite.secret, roomId);
  const ct = xchachaSeal(key, nonce, utf8(JSON.stringify(message)), aad(invite.inviteId, roomId));
  key.fill(0);
  return concatBytes(invite.inviteId, nonce, ct);
}

/** The invite id a sealed body names (to pick the secret). */
export function sealedInviteId(body: Uint8Array): Uint8Array {
  if (body.length < INVITE_ID_LENGTH + NONCE + 16) throw ClientError.undecryptable('invite');
  return body.slice(0, INVITE_ID_LENGTH);
}

/**
 * Opens a sealed body.
 * @throws ClientError `CLIENT_UNDECRYPTABLE`.
 */
export function openInviteMessage(
  invite: { inviteId: Uint8Array; secret: Uint8Array },
  roomId: string,
  body: Uint8Array,
): InviteMessage {
  if (!equalBytes(sealedInviteId(body), invite.inviteId)) throw ClientError.undecryptable('invite');
  const key = inviteKey(invite.secret, roomId);
  try {
    const plain = xchachaOpen(
      key,
      body.subarray(INVITE_ID_LENGTH, INVITE_ID_LENGTH + NONCE),
      body.subarray(INVITE_ID_LENGTH + NONCE),
      aad(invite.inviteId, roomId),
    );
    const m = JSON.parse(decoder.decode(plain)) as Record<string, unknown>;
    if (m.t === 'req' && typeof m.req === 'string' && typeof m.owner === 'string') {
      return { t: 'req', req: m.req, owner: m.owner };
    }
    if (m.t === 'welcome' && typeof m.req === 'string' && typeof m.welcome === 'string') {
      return { t: 'welcome', req: m.req, welcome: m.welcome };
    }
    throw new TypeError('inner shape');
  } catch (err) {
    throw ClientError.undecryptable('invite', err);
  } finally {
    key.fill(0);
  }
}
