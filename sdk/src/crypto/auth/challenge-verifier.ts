/**
 * The relay's side of authentication: issues one-use challenges and verifies proofs.
 *
 * State machine of one challenge: `issued` → (`verify` called) → `consumed`, or → `expired`/`evicted`.
 * A challenge is removed on the first `verify` whatever the outcome, so a failed guess cannot be retried.
 *
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { equalBytes, toHex, utf8 } from '../bytes.js';
import { AuthError } from '../errors.js';
import { AUTH_CHALLENGE_TTL_MS, AUTH_MAX_OUTSTANDING, AUTH_MAX_PER_CONNECTION } from '../limits.js';
import { ED25519_PUBLIC_LENGTH } from '../primitives/curve-checks.js';
import { ed25519Verify } from '../primitives/ed25519.js';
import { randomBytes } from '../primitives/random.js';
import { AUTH_NONCE_LENGTH, AUTH_PROOF_LENGTH, type AuthChallenge, encodeChallenge } from './challenge.js';

/** Options of a {@link ChallengeVerifier}. */
export interface ChallengeVerifierOptions {
  /** This relay's public origin, exactly as clients connect to it (e.g. `wss://relay.example.com`). */
  origin: string;
  /** How long a challenge may be answered, in ms. @default 60000 */
  ttlMs?: number;
  /** Outstanding challenges kept in memory; the oldest is evicted beyond this. @default 10000 */
  maxOutstanding?: number;
  /** Outstanding challenges per connection. @default 4 */
  maxPerConnection?: number;
  /** Clock, in ms since the Unix epoch. @default Date.now */
  now?: () => number;
}

/** What a successful verification tells the relay. */
export interface VerifiedProof {
  /** The connection the challenge was issued on. */
  connId: string;
  /** The room key that proved possession (32 bytes). */
  publicKey: Uint8Array;
}

interface Outstanding {
  challenge: AuthChallenge;
}

/**
 * Issues and verifies relay authentication challenges.
 *
 * @example
 * const v = new ChallengeVerifier({ origin: 'wss://relay.example.com' });
 * const ch = v.issue(connId);             // send { nonce, issuedAt, connId } to the client
 * const { publicKey } = v.verify(ch.nonce, pk, proof, 'wss://relay.example.com', connId);
 */
export class ChallengeVerifier {
  readonly #origin: Uint8Array;
  readonly #originText: string;
  readonly #ttlMs: number;
  readonly #maxOutstanding: number;
  readonly #maxPerConnection: number;
  readonly #now: () => number;
  /** Insertion-ordered, so the first entry is the oldest. Keyed by nonce hex. */
  readonly #outstanding = new Map<string, Outstanding>();
  readonly #perConnection = new Map<string, number>();

  /** @param options - see {@link ChallengeVerifierOptions}. */
  constructor(options: ChallengeVerifierOptions) {
    if (typeof options.origin !== 'string' || options.origin.length === 0)
      throw new TypeError('origin is required');
    this.#originText = options.origin;
    this.#origin = utf8(options.origin);
    this.#ttlMs = options.ttlMs ?? AUTH_CHALLENGE_TTL_MS;
    this.#maxOutstanding = options.maxOutstanding ?? AUTH_MAX_OUTSTANDING;
    this.#maxPerConnection = options.maxPerConnection ?? AUTH_MAX_PER_CONNECTION;
    this.#now = options.now ?? Date.now;
    for (const [name, v] of [
      ['ttlMs', this.#ttlMs],
      ['maxOutstanding', this.#maxOutstanding],
      ['maxPerConnection', this.#maxPerConnection],
    ] as const) {
      if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer`);
    }
  }

  /** Number of challenges currently outstanding. */
  get size(): number {
    return this.#outstanding.size;
  }

  /**
   * Issues a fresh challenge for a connection.
   *
   * @param connId - the relay's id of the connection.
   * @returns the challenge to send (origin is informative: the client signs the origin it connected to).
   * @throws AuthError AUTH_TOO_MANY_CHALLENGES when the connection already has the maximum outstanding.
   */
  issue(connId: string): AuthChallenge {
    this.#sweep();
    const count = this.#perConnection.get(connId) ?? 0;
    if (count >= this.#maxPerConnection) throw AuthError.tooManyChallenges(this.#maxPerConnection);
    const challenge: AuthChallenge = {
      origin: this.#originText,
      connId,
      nonce: randomBytes(AUTH_NONCE_LENGTH),
      issuedAt: this.#now(),
    };
    encodeChallenge(challenge); // validates connId length
    while (this.#outstanding.size >= this.#maxOutstanding) {
      const oldest = this.#outstanding.keys().next().value as string;
      this.#remove(oldest);
    }
    this.#outstanding.set(toHex(challenge.nonce), { challenge });
    this.#perConnection.set(connId, count + 1);
    return { ...challenge, nonce: challenge.nonce.slice() };
  }

  /**
   * Verifies a proof. The challenge is consumed by this call whether or not it succeeds.
   *
   * @param nonce - the 32-byte nonce of the challenge being answered.
   * @param publicKey - the client's 32-byte room key.
   * @param proof - the 64-byte proof.
   * @param origin - the origin the client says it signed; must equal this relay's origin.
   * @param connId - if given, the connection the proof arrived on; must equal the challenge's.
   * @returns the connection id and public key.
   * @throws AuthError AUTH_MALFORMED_PROOF, AUTH_UNKNOWN_CHALLENGE, AUTH_CHALLENGE_EXPIRED, AUTH_WRONG_ORIGIN,
   *   AUTH_BAD_PROOF.
   */
  verify(
    nonce: Uint8Array,
    publicKey: Uint8Array,
    proof: Uint8Array,
    origin: string,
    connId?: string,
  ): VerifiedProof {
    if (!(nonce instanceof Uint8Array) || nonce.length !== AUTH_NONCE_LENGTH)
      throw AuthError.malformedProof('nonce');
    const key = toHex(nonce);
    const entry = this.#outstanding.get(key);
    if (!entry) throw AuthError.unknownChallenge();
    this.#remove(key);
    const { challenge } = entry;
    if (
      !(publicKey instanceof Uint8Array) ||
      publicKey.length !== ED25519_PUBLIC_LENGTH ||
      isWeakKey(publicKey)
    ) {
      throw AuthError.malformedProof('public key');
    }
    if (!(proof instanceof Uint8Array) || proof.length !== AUTH_PROOF_LENGTH)
      throw AuthError.malformedProof('proof');
    const age = this.#now() - challenge.issuedAt;
    if (age > this.#ttlMs || age < 0) throw AuthError.expired(this.#ttlMs);
    if (typeof origin !== 'string' || !equalBytes(utf8(origin), this.#origin)) throw AuthError.wrongOrigin();
    if (connId !== undefined && !equalBytes(utf8(connId), utf8(challenge.connId)))
      throw AuthError.unknownChallenge();
    if (!ed25519Verify(publicKey, encodeChallenge(challenge), proof)) throw AuthError.badProof();
    return { connId: challenge.connId, publicKey: publicKey.slice() };
  }

  /** Forgets every challenge of a connection (call when it closes). */
  revokeConnection(connId: string): void {
    for (const [k, v] of this.#outstanding) if (v.challenge.connId === connId) this.#remove(k);
  }

  #remove(key: string): void {
    const entry = this.#outstanding.get(key);
    if (!entry) return;
    this.#outstanding.delete(key);
    const c = (this.#perConnection.get(entry.challenge.connId) ?? 1) - 1;
    if (c <= 0) this.#perConnection.delete(entry.challenge.connId);
    else this.#perConnection.set(entry.challenge.connId, c);
  }

  /** Drops expired challenges from the oldest end (entries are in issue order). */
  #sweep(): void {
    const now = this.#now();
    for (const [k, v] of this.#outstanding) {
      if (now - v.challenge.issuedAt <= this.#ttlMs) break;
      this.#remove(k);
    }
  }
}

/** Rejects non-canonical or small-order keys, which would let anyone "prove" for them. */
function isWeakKey(publicKey: Uint8Array): boolean {
  try {
    return ed25519.Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    return true;
  }
}
