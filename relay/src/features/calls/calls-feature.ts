import { randomBytes } from 'node:crypto';
import { ChallengeVerifier } from '@cryptalk/sdk/auth';
import {
  fromBase64url,
  MAX_CONN_ID_LENGTH,
  type Proof,
  ProtocolError,
  proofField,
  ROOM_ID_MAX_LENGTH,
  ROOM_ID_MIN_LENGTH,
  toBase64url,
} from '@cryptalk/sdk/protocol';
import { RelayError } from '../../errors.js';
import type { Feature, FeatureDeps, FeatureHttpReply, FeatureHttpRequest, FeatureRoute } from '../feature.js';
import { CallsError } from './errors.js';
import { hashName } from './hash-name.js';
import {
  LIVEKIT_TOKEN_MAX_TTL_SECONDS,
  TURN_CREDENTIALS_TTL_SECONDS,
  TURN_USERNAME_LABEL,
} from './limits.js';
import { mintLiveKitToken } from './livekit-token.js';
import { turnCredentials } from './turn-credentials.js';

/** `POST` here (empty body) for a one-use challenge to prove a room key over. */
export const CALLS_CHALLENGE_PATH = '/calls/challenge';
/** `POST` here with `{ room, connId, proof, ttlSeconds? }` for a LiveKit token. */
export const CALLS_TOKEN_PATH = '/calls/token';
/** `POST` here with `{ room, connId, proof }` for TURN REST credentials. */
export const CALLS_TURN_PATH = '/calls/turn';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Bytes of the random connection id an HTTP challenge is bound to. */
const HTTP_CONN_ID_BYTES = 16;

/** A request whose proof was accepted and whose key is a member of the room. */
interface ProvenMember {
  room: string;
  key: string;
}

/**
 * Calls: LiveKit access tokens and TURN REST credentials for room members, over HTTP.
 *
 * The caller proves a room key exactly as a join does: it asks `POST /calls/challenge` for a one-use challenge
 * (bound to the relay's origin and a fresh random connection id), signs it with the room's pseudonymous key,
 * and sends the proof with `POST /calls/token` or `/calls/turn`. The relay consumes the challenge, verifies the
 * proof with the crypto core's verifier, and answers only if that key has joined the room (it has a mailbox
 * there). LiveKit and coturn only ever see HMAC pseudonyms of the room and the key.
 */
export class CallsFeature implements Feature {
  readonly name = 'calls';
  readonly frames = [] as const;
  readonly routes: readonly FeatureRoute[];
  private verifier: ChallengeVerifier | undefined;

  /**
   * @param deps - store, settings (LiveKit and TURN configuration), limits.
   * @param origin - the relay's public origin, which proofs are bound to (known once it listens).
   */
  constructor(
    private readonly deps: FeatureDeps,
    private readonly origin: () => string,
  ) {
    this.routes = [
      { method: 'POST', path: CALLS_CHALLENGE_PATH, handle: (r) => this.challenge(r) },
      { method: 'POST', path: CALLS_TOKEN_PATH, handle: (r) => this.token(r) },
      { method: 'POST', path: CALLS_TURN_PATH, handle: (r) => this.turn(r) },
    ];
  }

  /** The feature has no WebSocket frames. */
  handle(): void {
    throw ProtocolError.unknownType();
  }

  /** Whether LiveKit tokens can be minted. */
  get liveKitConfigured(): boolean {
    const o = this.deps.options;
    return Boolean(o.livekitUrl && o.livekitApiKey && o.livekitApiSecret && o.callsHashKey);
  }

  /** Whether TURN credentials can be made. */
  get turnConfigured(): boolean {
    const o = this.deps.options;
    return Boolean(o.turnSecret && o.turnUrls && o.turnUrls.length > 0 && o.callsHashKey);
  }

  private challenges(): ChallengeVerifier {
    this.verifier ??= new ChallengeVerifier({
      origin: this.origin(),
      ttlMs: this.deps.options.challengeTtlMs,
      now: this.deps.now,
    });
    return this.verifier;
  }

  private limit(req: FeatureHttpRequest): void {
    if (!this.deps.ipLimits.call(req.ip, this.deps.now())) {
      this.deps.metrics.rateLimited.inc({ scope: 'calls' });
      throw RelayError.rateLimited('call credential');
    }
  }

  private async challenge(req: FeatureHttpRequest): Promise<FeatureHttpReply> {
    if (!this.liveKitConfigured && !this.turnConfigured) throw CallsError.notConfigured('livekit');
    this.limit(req);
    const ch = this.challenges().issue(randomBytes(HTTP_CONN_ID_BYTES).toString('base64url'));
    return { body: { connId: ch.connId, nonce: toBase64url(ch.nonce), issuedAt: ch.issuedAt } };
  }

  private async token(req: FeatureHttpRequest): Promise<FeatureHttpReply> {
    if (!this.liveKitConfigured) throw CallsError.notConfigured('livekit');
    this.limit(req);
    const fields = readBody(req.body, ['ttlSeconds']);
    let ttlSeconds: number | undefined;
    if (fields.ttlSeconds !== undefined) {
      const t = fields.ttlSeconds;
      if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > LIVEKIT_TOKEN_MAX_TTL_SECONDS) {
        throw ProtocolError.invalidField(
          'ttlSeconds',
          `must be an integer from 1 to ${LIVEKIT_TOKEN_MAX_TTL_SECONDS}`,
        );
      }
      ttlSeconds = t;
    }
    const member = await this.prove(fields);
    const o = this.deps.options;
    const grant = await mintLiveKitToken(
      {
        url: o.livekitUrl as string,
        apiKey: o.livekitApiKey as string,
        apiSecret: o.livekitApiSecret as string,
        hashKey: o.callsHashKey as string,
      },
      { room: member.room, identity: member.key, isMember: true, ttlSeconds },
    );
    return { body: grant };
  }

  private async turn(req: FeatureHttpRequest): Promise<FeatureHttpReply> {
    if (!this.turnConfigured) throw CallsError.notConfigured('turn');
    this.limit(req);
    const member = await this.prove(readBody(req.body, []));
    const o = this.deps.options;
    const id = hashName(o.callsHashKey as string, TURN_USERNAME_LABEL, `${member.room}\0${member.key}`);
    const creds = turnCredentials(o.turnSecret as string, TURN_CREDENTIALS_TTL_SECONDS, {
      urls: [...(o.turnUrls as string[])],
      id,
      now: this.deps.now(),
    });
    return {
      body: {
        iceServers: [{ urls: creds.urls, username: creds.username, credential: creds.credential }],
        ttlSeconds: creds.ttlSeconds,
      },
    };
  }

  /**
   * Consumes the challenge, verifies the proof and checks membership.
   * @throws AuthError for a wrong, replayed, expired or foreign-origin proof; CallsError `CALLS_NOT_MEMBER`.
   */
  private async prove(fields: CallsRequest): Promise<ProvenMember> {
    this.challenges().verify(
      fromBase64url(fields.proof.nonce, 'nonce'),
      fromBase64url(fields.proof.key, 'key'),
      fromBase64url(fields.proof.sig, 'sig'),
      this.origin(),
      fields.connId,
    );
    const { store, now } = this.deps;
    const t = now();
    // A member is a key that joined the room: every authenticated join opens its mailbox there.
    const [info, cursor] = await Promise.all([
      store.roomInfo(fields.room, t),
      store.mailboxCursor(fields.room, fields.proof.key, t),
    ]);
    if (!info || cursor === undefined) throw CallsError.notMember();
    return { room: fields.room, key: fields.proof.key };
  }
}

/** The fields every proven calls request carries. */
interface CallsRequest {
  room: string;
  connId: string;
  proof: Proof;
  [extra: string]: unknown;
}

/**
 * Strictly decodes `{ room, connId, proof, …extra }`.
 * @throws ProtocolError naming the field.
 */
function readBody(body: unknown, extra: readonly string[]): CallsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw ProtocolError.notObject();
  const o = body as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'room' && k !== 'connId' && k !== 'proof' && !extra.includes(k)) {
      throw ProtocolError.invalidField(k.slice(0, 32), 'is not allowed');
    }
  }
  const room = o.room;
  if (
    typeof room !== 'string' ||
    room.length < ROOM_ID_MIN_LENGTH ||
    room.length > ROOM_ID_MAX_LENGTH ||
    !BASE64URL.test(room)
  ) {
    throw ProtocolError.invalidField(
      'room',
      `must be ${ROOM_ID_MIN_LENGTH} to ${ROOM_ID_MAX_LENGTH} base64url characters`,
    );
  }
  const connId = o.connId;
  if (
    typeof connId !== 'string' ||
    connId.length === 0 ||
    connId.length > MAX_CONN_ID_LENGTH ||
    !BASE64URL.test(connId)
  ) {
    throw ProtocolError.invalidField('connId', `must be 1 to ${MAX_CONN_ID_LENGTH} base64url characters`);
  }
  return { ...o, room, connId, proof: proofField(o) };
}
