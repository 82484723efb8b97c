/**
 * Invite links. Everything that lets someone join sits in the URL fragment, which browsers never send to a
 * server; the part before `#` is only where the link opens (the app or widget page).
 *
 * ```text
 * group:  <base>#ct1.g.<roomId>.<inviteId b64url(8)>.<secret b64url(32)>.<expiresAt, s, base36>
 * direct: <base>#ct1.d.<roomId>.<owner key b64url(32)>.<bundle fingerprint b64url(16)>
 * ```
 * A group invite's secret seals the join request and the welcome (so only holders of the link can ask, and
 * members admit only holders of a valid, unexpired invite). A direct invite names the directory entry of the
 * inviter's prekey bundle and pins its fingerprint, so a relay cannot substitute another bundle.
 * @module
 */
import { ClientError } from '../errors.js';
import { fromBase64url, toBase64url } from '../protocol/index.js';
import { BUNDLE_FINGERPRINT_LENGTH, INVITE_ID_LENGTH, INVITE_SECRET_LENGTH } from './limits.js';

/** The link format's version tag. */
export const INVITE_LINK_VERSION = 'ct1';

/** A parsed invite. */
export type Invite =
  | { kind: 'group'; roomId: string; inviteId: Uint8Array; secret: Uint8Array; expiresAt: number }
  | { kind: 'direct'; roomId: string; owner: string; fingerprint: Uint8Array };

const ROOM_ID = /^[A-Za-z0-9_-]{22,86}$/;

/** Builds the link for `invite` under `base` (e.g. `https://chat.example/join`). */
export function formatInviteLink(base: string, invite: Invite): string {
  const parts =
    invite.kind === 'group'
      ? [
          'g',
          invite.roomId,
          toBase64url(invite.inviteId),
          toBase64url(invite.secret),
          Math.floor(invite.expiresAt / 1000).toString(36),
        ]
      : ['d', invite.roomId, invite.owner, toBase64url(invite.fingerprint)];
  return `${base.split('#')[0]}#${INVITE_LINK_VERSION}.${parts.join('.')}`;
}

function bytesPart(text: string | undefined, length: number, what: string): Uint8Array {
  let b: Uint8Array;
  try {
    b = fromBase64url(text ?? '', what);
  } catch {
    throw ClientError.badInvite(what);
  }
  if (b.length !== length) throw ClientError.badInvite(what);
  return b;
}

/**
 * Parses a link (or just its fragment).
 * @throws ClientError `CLIENT_BAD_INVITE`.
 */
export function parseInviteLink(link: string): Invite {
  if (typeof link !== 'string' || link.length > 2048) throw ClientError.badInvite('length');
  const hash = link.indexOf('#');
  const fragment = hash >= 0 ? link.slice(hash + 1) : link;
  const [version, kind, roomId, ...rest] = fragment.split('.');
  if (version !== INVITE_LINK_VERSION) throw ClientError.badInvite('version');
  if (roomId === undefined || !ROOM_ID.test(roomId)) throw ClientError.badInvite('room');
  if (kind === 'g' && rest.length === 3) {
    const expires = Number.parseInt(rest[2] ?? '', 36);
    if (!Number.isSafeInteger(expires) || expires <= 0) throw ClientError.badInvite('expiry');
    return {
      kind: 'group',
      roomId,
      inviteId: bytesPart(rest[0], INVITE_ID_LENGTH, 'invite id'),
      secret: bytesPart(rest[1], INVITE_SECRET_LENGTH, 'secret'),
      expiresAt: expires * 1000,
    };
  }
  if (kind === 'd' && rest.length === 2) {
    const owner = toBase64url(bytesPart(rest[0], 32, 'owner'));
    return {
      kind: 'direct',
      roomId,
      owner,
      fingerprint: bytesPart(rest[1], BUNDLE_FINGERPRINT_LENGTH, 'fingerprint'),
    };
  }
  throw ClientError.badInvite('shape');
}
