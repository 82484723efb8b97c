/**
 * The Double Ratchet with header encryption (Signal, "The Double Ratchet Algorithm", rev. 4, §4), with
 * bounded skipped keys, replay rejection, and state serializable for the store.
 *
 * Decryption is transactional: all new state is computed in locals and committed only after the body
 * authenticates, so a forged, corrupted or replayed message leaves the session exactly as it was.
 *
 * @module
 */
import { abytes, concatBytes, fromBase64, lp16, readU32, toBase64, zeroize } from '../bytes.js';
import { CryptoError, RatchetError } from '../errors.js';
import {
  RATCHET_MAX_MESSAGE_NUMBER,
  RATCHET_MAX_PLAINTEXT,
  RATCHET_MAX_SKIP_PER_CHAIN,
  RATCHET_MAX_SKIPPED_PER_SESSION,
} from '../limits.js';
import {
  AEAD_TAG_LENGTH,
  aeadNonceLength,
  aeadOpen,
  aeadSealInto,
  DEFAULT_AEAD_SUITE,
  equalBytesPublic,
  generateX25519,
  generateX25519Async,
  isAeadSuite,
  type X25519KeyPair,
  x25519Dh,
  x25519DhAsync,
  x25519PublicKey,
  x25519PublicKeyAsync,
} from './deps.js';
import {
  decodeHeader,
  RATCHET_HEADER_LENGTH,
  type RatchetHeader,
  splitMessage,
  writeHeader,
} from './ratchet-header.js';
import {
  bodyKeyOf,
  forgetHeaderKeys,
  headerKeys,
  headerNonceInto,
  kdfChainOf,
  kdfRoot,
  type RatchetVersion,
} from './ratchet-kdf.js';
import { type SkippedKey, SkippedKeys } from './skipped-keys.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Secrets agreed by the handshake (PQXDH) that start a session. */
export interface RatchetInit {
  /** 32-byte shared secret SK (the first root key). */
  rootKey: Uint8Array;
  /** Header key of the initiator's first sending chain (Signal: shared_hka). */
  initiatorHeaderKey: Uint8Array;
  /** Header key of the responder's first sending chain (Signal: shared_nhkb). */
  responderHeaderKey: Uint8Array;
  /** Associated data bound into every message (PQXDH: both identities). */
  associatedData: Uint8Array;
  /** AEAD suite of this session. @default AES-256-GCM */
  suite?: number;
  /**
   * Message version the initiator sends (1 or 2, see `ratchet-kdf.ts`); a responder takes the version of the
   * first message it decrypts, whatever this says. @default RATCHET_DEFAULT_VERSION (2)
   */
  version?: RatchetVersion;
}

/** Message version of new sessions. */
export const RATCHET_DEFAULT_VERSION: RatchetVersion = 2;

/** Limits of one session (tests lower them). */
export interface RatchetLimits {
  /** @default RATCHET_MAX_SKIP_PER_CHAIN */
  maxSkipPerChain?: number;
  /** @default RATCHET_MAX_SKIPPED_PER_SESSION */
  maxSkippedPerSession?: number;
}

interface State {
  /** Message version: fixed by the initiator, taken by the responder from the first message. */
  version: RatchetVersion;
  suite: number;
  ad: Uint8Array;
  dhs: X25519KeyPair;
  dhr: Uint8Array | null;
  rk: Uint8Array;
  cks: Uint8Array | null;
  ckr: Uint8Array | null;
  ns: number;
  nr: number;
  pn: number;
  hks: Uint8Array | null;
  hkr: Uint8Array | null;
  nhks: Uint8Array;
  nhkr: Uint8Array;
}

/** Serialized state version: 2 adds `mv` (the message version); a version 1 state is a version 1 session. */
const STATE_VERSION = 2;

/** X25519 work of a DH ratchet step done ahead, asynchronously, by {@link RatchetSession.decryptAsync}. */
interface DhStep {
  /** The secret key the step was computed for (used only if it is still the session's). */
  dhsSecret: Uint8Array;
  /** The peer's new ratchet key the step was computed for. */
  peer: Uint8Array;
  recvDh: Uint8Array;
  dhs: X25519KeyPair;
  sendDh: Uint8Array;
}

/**
 * One end of a 1:1 Double Ratchet session.
 *
 * @example
 * const a = RatchetSession.initiator(init, bobRatchetPublicKey);
 * const b = RatchetSession.responder(init, bobRatchetKeyPair);
 * b.decrypt(a.encrypt(utf8('hi')));
 */
export class RatchetSession {
  #s: State;
  #skipped: SkippedKeys;
  readonly #maxSkip: number;
  /** Header AAD for the empty context (version, suite and AD do not change once active): built once. */
  #aadNoContext: Uint8Array | null = null;
  #aadNoContextVersion = 0;
  /**
   * Body AAD buffer for the empty context: the header AAD written once, then headerNonce || encHeader of each
   * message over its tail. Only read synchronously by the AEAD it is passed to.
   */
  #bodyAadScratch: Uint8Array | null = null;
  #bodyAadScratchPrefix: Uint8Array | null = null;
  /** The plaintext header of the message being encrypted (zeroed after use). */
  readonly #header = new Uint8Array(RATCHET_HEADER_LENGTH);

  private constructor(state: State, limits: RatchetLimits, skipped?: SkippedKey[]) {
    this.#s = state;
    this.#maxSkip = limits.maxSkipPerChain ?? RATCHET_MAX_SKIP_PER_CHAIN;
    this.#skipped = new SkippedKeys(limits.maxSkippedPerSession ?? RATCHET_MAX_SKIPPED_PER_SESSION);
    if (skipped) this.#skipped.add(skipped);
  }

  /**
   * Starts the initiator's side (Signal: RatchetInitAliceHE).
   *
   * @param init - secrets from the handshake.
   * @param remoteRatchetKey - the responder's ratchet public key (PQXDH: its signed prekey).
   */
  static initiator(
    init: RatchetInit,
    remoteRatchetKey: Uint8Array,
    limits: RatchetLimits = {},
  ): RatchetSession {
    const suite = checkInit(init);
    abytes(remoteRatchetKey, 32, 'remoteRatchetKey');
    const dhs = generateX25519();
    return RatchetSession.#initiator(
      init,
      suite,
      remoteRatchetKey,
      dhs,
      x25519Dh(dhs.secretKey, remoteRatchetKey),
      limits,
    );
  }

  /**
   * {@link RatchetSession.initiator} with its X25519 work on the platform's WebCrypto when it has X25519
   * (see `primitives/platform-curves.ts`). Same construction and state.
   */
  static async initiatorAsync(
    init: RatchetInit,
    remoteRatchetKey: Uint8Array,
    limits: RatchetLimits = {},
  ): Promise<RatchetSession> {
    const suite = checkInit(init);
    abytes(remoteRatchetKey, 32, 'remoteRatchetKey');
    const dhs = await generateX25519Async();
    const dh = await x25519DhAsync(dhs.secretKey, remoteRatchetKey, dhs.publicKey);
    return RatchetSession.#initiator(init, suite, remoteRatchetKey, dhs, dh, limits);
  }

  static #initiator(
    init: RatchetInit,
    suite: number,
    remoteRatchetKey: Uint8Array,
    dhs: X25519KeyPair,
    dhOut: Uint8Array,
    limits: RatchetLimits,
  ): RatchetSession {
    const r = kdfRoot(init.rootKey, dhOut);
    zeroize(dhOut);
    return new RatchetSession(
      {
        version: init.version ?? RATCHET_DEFAULT_VERSION,
        suite,
        ad: init.associatedData.slice(),
        dhs,
        dhr: remoteRatchetKey.slice(),
        rk: r.rootKey,
        cks: r.chainKey,
        ckr: null,
        ns: 0,
        nr: 0,
        pn: 0,
        hks: init.initiatorHeaderKey.slice(),
        hkr: null,
        nhks: r.nextHeaderKey,
        nhkr: init.responderHeaderKey.slice(),
      },
      limits,
    );
  }

  /**
   * Starts the responder's side (Signal: RatchetInitBobHE). The responder cannot send until it has
   * decrypted the initiator's first message.
   *
   * @param ratchetKeyPair - the key pair whose public half the initiator used (PQXDH: signed prekey).
   */
  static responder(
    init: RatchetInit,
    ratchetKeyPair: X25519KeyPair,
    limits: RatchetLimits = {},
  ): RatchetSession {
    const suite = checkInit(init);
    abytes(ratchetKeyPair.secretKey, 32, 'ratchet secret key');
    return RatchetSession.#responder(
      init,
      suite,
      ratchetKeyPair.secretKey,
      x25519PublicKey(ratchetKeyPair.secretKey),
      limits,
    );
  }

  /** {@link RatchetSession.responder} with its X25519 work on the platform's WebCrypto when it has X25519. */
  static async responderAsync(
    init: RatchetInit,
    ratchetKeyPair: X25519KeyPair,
    limits: RatchetLimits = {},
  ): Promise<RatchetSession> {
    const suite = checkInit(init);
    abytes(ratchetKeyPair.secretKey, 32, 'ratchet secret key');
    const publicKey = await x25519PublicKeyAsync(ratchetKeyPair.secretKey, ratchetKeyPair.publicKey);
    return RatchetSession.#responder(init, suite, ratchetKeyPair.secretKey, publicKey, limits);
  }

  static #responder(
    init: RatchetInit,
    suite: number,
    secretKey: Uint8Array,
    publicKey: Uint8Array,
    limits: RatchetLimits,
  ): RatchetSession {
    return new RatchetSession(
      {
        version: init.version ?? RATCHET_DEFAULT_VERSION,
        suite,
        ad: init.associatedData.slice(),
        dhs: { secretKey: secretKey.slice(), publicKey },
        dhr: null,
        rk: init.rootKey.slice(),
        cks: null,
        ckr: null,
        ns: 0,
        nr: 0,
        pn: 0,
        hks: null,
        hkr: null,
        nhks: init.responderHeaderKey.slice(),
        nhkr: init.initiatorHeaderKey.slice(),
      },
      limits,
    );
  }

  /** The AEAD suite of the session. */
  get suite(): number {
    return this.#s.suite;
  }

  /** The message version of the session (a responder's is settled by the first message it decrypts). */
  get version(): RatchetVersion {
    return this.#s.version;
  }

  /** Whether this side can send (the responder must receive first). */
  get canSend(): boolean {
    return this.#s.cks !== null;
  }

  /** Number of skipped message keys held. */
  get skippedCount(): number {
    return this.#skipped.size;
  }

  /**
   * Encrypts one message (Signal: RatchetEncryptHE).
   *
   * @param plaintext - at most 64 KiB.
   * @param context - extra associated data the receiver must pass too (e.g. the room id).
   * @returns the wire message (see `ratchet-header.ts`).
   * @throws RatchetError RATCHET_BAD_STATE before the responder has received, or at the chain limit.
   */
  encrypt(plaintext: Uint8Array, context: Uint8Array = EMPTY): Uint8Array {
    abytes(plaintext, undefined, 'plaintext');
    if (plaintext.length > RATCHET_MAX_PLAINTEXT)
      throw new RangeError(`plaintext exceeds ${RATCHET_MAX_PLAINTEXT} bytes`);
    const s = this.#s;
    if (s.cks === null || s.hks === null)
      throw RatchetError.badState('cannot send before receiving the first message');
    if (s.ns >= RATCHET_MAX_MESSAGE_NUMBER) throw RatchetError.badState('sending chain exhausted');
    const { messageKey, chainKey } = kdfChainOf(s.version, s.cks);
    const aadH = this.#headerAad(context, s.version);
    const hk = headerKeys(s.hks);
    const nn = aeadNonceLength(s.suite);
    // the message is written once, in place: version || suite || headerNonce || encHeader || body
    const headerEnd = 2 + nn + ENC_HEADER_LENGTH;
    const out = new Uint8Array(headerEnd + plaintext.length + AEAD_TAG_LENGTH);
    out[0] = s.version;
    out[1] = s.suite;
    headerNonceInto(s.suite, hk, s.ns, out, 2);
    const header = writeHeader(this.#header, s.dhs.publicKey, s.pn, s.ns);
    aeadSealInto(s.suite, hk.aeadKey, out.subarray(2, 2 + nn), header, aadH, out, 2 + nn);
    header.fill(0);
    const bodyKey = bodyKeyOf(s.version, messageKey);
    // body AAD = header AAD || headerNonce || encHeader (the latter two as they are on the wire)
    const bodyAad = this.#bodyAad(aadH, out.subarray(2, headerEnd));
    aeadSealInto(s.suite, bodyKey, zeroNonce(s.suite), plaintext, bodyAad, out, headerEnd);
    zeroize(s.cks, messageKey, bodyKey);
    s.cks = chainKey;
    s.ns++;
    return out;
  }

  /**
   * Decrypts one message (Signal: RatchetDecryptHE). Each message decrypts at most once.
   *
   * @param message - wire message.
   * @param context - the same extra associated data the sender passed.
   * @returns the plaintext.
   * @throws RatchetError RATCHET_MALFORMED, RATCHET_DECRYPT_FAILED, RATCHET_DUPLICATE, RATCHET_TOO_MANY_SKIPPED;
   *   the session is unchanged when it throws.
   */
  decrypt(message: Uint8Array, context: Uint8Array = EMPTY): Uint8Array {
    return this.#decrypt(message, context);
  }

  /**
   * {@link RatchetSession.decrypt} where a message that starts a new receiving chain has its DH ratchet step's
   * X25519 work (two DH, one key pair) done first on the platform's WebCrypto when it has X25519; every other
   * message is decrypted synchronously. Same result, errors and state as `decrypt`; the session is unchanged
   * when it rejects. Do not interleave other calls on the same session while it is pending (a stale
   * precomputation is detected and recomputed synchronously).
   */
  async decryptAsync(message: Uint8Array, context: Uint8Array = EMPTY): Promise<Uint8Array> {
    const parts = splitMessage(message);
    const s = this.#s;
    if (parts.suite !== s.suite) throw RatchetError.malformed('suite differs from the session');
    if (parts.version !== s.version && !isWaiting(s))
      throw RatchetError.malformed('version differs from the session');
    const next = this.#openHeader(s.nhkr, parts, this.#headerAad(context, parts.version));
    if (!next || (s.dhr && equalBytesPublic(next.dh, s.dhr))) return this.#decrypt(message, context);
    let step: DhStep;
    try {
      const dhsSecret = s.dhs.secretKey;
      const [recvDh, dhs] = await Promise.all([
        x25519DhAsync(dhsSecret, next.dh, s.dhs.publicKey),
        generateX25519Async(),
      ]);
      const sendDh = await x25519DhAsync(dhs.secretKey, next.dh, dhs.publicKey);
      step = { dhsSecret, peer: next.dh, recvDh, dhs, sendDh };
    } catch {
      // let the synchronous path raise exactly the error it would (e.g. a weak DH after its own checks)
      return this.#decrypt(message, context);
    }
    try {
      const plaintext = this.#decrypt(message, context, step);
      if (this.#s.dhs !== step.dhs) zeroize(step.dhs.secretKey); // stale precomputation, not used
      return plaintext;
    } catch (e) {
      zeroize(step.dhs.secretKey);
      throw e;
    } finally {
      zeroize(step.recvDh, step.sendDh);
    }
  }

  #decrypt(message: Uint8Array, context: Uint8Array, step?: DhStep): Uint8Array {
    const parts = splitMessage(message);
    const s = this.#s;
    if (parts.suite !== s.suite) throw RatchetError.malformed('suite differs from the session');
    // the version is the session's, except before the responder's first message, which settles it
    const version = parts.version;
    if (version !== s.version && !isWaiting(s))
      throw RatchetError.malformed('version differs from the session');
    const aadH = this.#headerAad(context, version);
    // headerNonce || encHeader are contiguous on the wire, right after version and suite
    const bodyAad = this.#bodyAad(
      aadH,
      message.subarray(2, 2 + parts.headerNonce.length + parts.encHeader.length),
    );

    // 1. the current receiving chain: a message in order, or one skipped in this chain. Tried first because it
    // is the common case; a header opens under at most one header key, so the order does not change the result.
    const current = s.hkr && s.ckr ? this.#openHeaderBytes(s.hkr, parts, aadH) : null;
    if (current && s.hkr && s.ckr) {
      const currentN = readU32(current, 36); // the message number: the rest of the header is not needed
      current.fill(0);
      if (currentN < s.nr) {
        const mk = this.#skipped.size > 0 ? this.#skipped.get(s.hkr, currentN) : undefined;
        if (!mk) throw RatchetError.duplicate();
        const plaintext = this.#openBody(mk, parts.body, bodyAad, version);
        this.#skipped.remove(s.hkr, currentN);
        return plaintext;
      }
      // the next message in order (one KDF_CK step, nothing skipped) or one further on in this chain
      const derived: Uint8Array[] = [];
      const { skipped, chainKey, messageKey } = this.#advance(s.ckr, s.nr, currentN, s.hkr, version, derived);
      const plaintext = this.#openBody(messageKey, parts.body, bodyAad, version, derived);
      if (skipped.length > 0) this.#skipped.add(skipped);
      zeroize(s.ckr, messageKey);
      s.ckr = chainKey;
      s.nr = currentN + 1;
      return plaintext;
    }

    // 2. a message skipped in an earlier receiving chain?
    for (const hk of this.#skipped.size > 0 ? this.#skipped.headerKeys() : NO_KEYS) {
      if (s.hkr && s.ckr && equalBytesPublic(hk, s.hkr)) continue; // tried above
      const header = this.#openHeader(hk, parts, aadH);
      if (!header) continue;
      const mk = this.#skipped.get(hk, header.n);
      if (!mk) continue;
      const plaintext = this.#openBody(mk, parts.body, bodyAad, version);
      this.#skipped.remove(hk, header.n);
      return plaintext;
    }

    // 3. a new ratchet public key (DH ratchet step)?
    const next = this.#openHeader(s.nhkr, parts, aadH);
    if (!next) throw RatchetError.undecryptable();
    if (s.dhr && equalBytesPublic(next.dh, s.dhr)) throw RatchetError.undecryptable();
    if (s.ckr && s.hkr && next.pn < s.nr) throw RatchetError.undecryptable();
    const pre =
      step && step.dhsSecret === s.dhs.secretKey && equalBytesPublic(step.peer, next.dh) ? step : undefined;
    // every secret derived from here on is this message's alone until its body authenticates: all are zeroed
    // if anything throws first (the precomputed step's are zeroed by decryptAsync)
    const derived: Uint8Array[] = [];
    let plaintext: Uint8Array;
    let oldSkipped: SkippedKey[] = [];
    let recv: RootStep;
    let dhs: X25519KeyPair;
    let send: RootStep;
    let chain: ChainStep;
    try {
      // the rest of the old receiving chain, kept as skipped keys
      if (s.ckr && s.hkr)
        oldSkipped = this.#advance(s.ckr, s.nr, next.pn, s.hkr, version, derived, true).skipped;
      recv = rootStep(s.rk, pre?.recvDh, s.dhs.secretKey, next.dh, derived);
      dhs = pre ? pre.dhs : generateX25519();
      derived.push(dhs.secretKey);
      send = rootStep(recv.rootKey, pre?.sendDh, dhs.secretKey, next.dh, derived);
      chain = this.#advance(recv.chainKey, 0, next.n, s.nhkr, version, derived);
      plaintext = this.#openBody(chain.messageKey, parts.body, bodyAad, version);
    } catch (e) {
      zeroize(...derived);
      throw e;
    }
    // commit
    s.version = version;
    this.#skipped.add([...oldSkipped, ...chain.skipped]);
    // the receiving header keys stay: skipped entries refer to them
    if (s.hks) forgetHeaderKeys(s.hks);
    zeroize(s.dhs.secretKey, s.rk, s.ckr ?? undefined, s.cks ?? undefined, s.hks ?? undefined);
    zeroize(recv.rootKey, recv.chainKey, chain.messageKey);
    s.pn = s.ns;
    s.ns = 0;
    s.nr = next.n + 1;
    s.hks = s.nhks;
    s.hkr = s.nhkr;
    s.dhr = next.dh;
    s.ckr = chain.chainKey;
    s.nhkr = recv.nextHeaderKey;
    s.dhs = dhs;
    s.rk = send.rootKey;
    s.cks = send.chainKey;
    s.nhks = send.nextHeaderKey;
    return plaintext;
  }

  /**
   * Serializes the full state (secrets included) for the encrypted store. UTF-8 JSON, see docs/protocol.md.
   * Zero the result after storing it.
   */
  serialize(): Uint8Array {
    const s = this.#s;
    const b = (x: Uint8Array | null) => (x ? toBase64(x) : null);
    const json = {
      v: STATE_VERSION,
      mv: s.version,
      suite: s.suite,
      ad: b(s.ad),
      dhs: b(s.dhs.secretKey),
      dhr: b(s.dhr),
      rk: b(s.rk),
      cks: b(s.cks),
      ckr: b(s.ckr),
      ns: s.ns,
      nr: s.nr,
      pn: s.pn,
      hks: b(s.hks),
      hkr: b(s.hkr),
      nhks: b(s.nhks),
      nhkr: b(s.nhkr),
      maxSkip: this.#maxSkip,
      skipped: this.#skipped.entries().map((e) => [toBase64(e.headerKey), e.n, toBase64(e.messageKey)]),
    };
    return new TextEncoder().encode(JSON.stringify(json));
  }

  /**
   * Restores a session from {@link RatchetSession.serialize}.
   *
   * @throws RatchetError RATCHET_BAD_STATE on any malformed field.
   */
  static deserialize(bytes: Uint8Array, limits: RatchetLimits = {}): RatchetSession {
    try {
      const j = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      // a version 1 state (no `mv`) was written by a version 1 session: it stays one
      if ((j.v !== 1 && j.v !== STATE_VERSION) || !isAeadSuite(j.suite)) throw new Error('version');
      const mv: RatchetVersion = j.v === 1 ? 1 : j.mv;
      if (mv !== 1 && mv !== 2) throw new Error('message version');
      const key = (x: unknown, nullable: boolean): Uint8Array | null => {
        if (x === null && nullable) return null;
        if (typeof x !== 'string') throw new Error('field');
        const v = fromBase64(x);
        if (v.length !== 32) throw new Error('length');
        return v;
      };
      const num = (x: unknown): number => {
        if (!Number.isInteger(x) || (x as number) < 0 || (x as number) > RATCHET_MAX_MESSAGE_NUMBER)
          throw new Error('n');
        return x as number;
      };
      const dhsSecret = key(j.dhs, false) as Uint8Array;
      if (typeof j.ad !== 'string') throw new Error('ad');
      const skipped: SkippedKey[] = (j.skipped as unknown[]).map((e) => {
        const [hk, n, mk] = e as [unknown, unknown, unknown];
        return {
          headerKey: key(hk, false) as Uint8Array,
          n: num(n),
          messageKey: key(mk, false) as Uint8Array,
        };
      });
      return new RatchetSession(
        {
          version: mv,
          suite: j.suite,
          ad: fromBase64(j.ad),
          dhs: { secretKey: dhsSecret, publicKey: x25519PublicKey(dhsSecret) },
          dhr: key(j.dhr, true),
          rk: key(j.rk, false) as Uint8Array,
          cks: key(j.cks, true),
          ckr: key(j.ckr, true),
          ns: num(j.ns),
          nr: num(j.nr),
          pn: num(j.pn),
          hks: key(j.hks, true),
          hkr: key(j.hkr, true),
          nhks: key(j.nhks, false) as Uint8Array,
          nhkr: key(j.nhkr, false) as Uint8Array,
        },
        { maxSkipPerChain: limits.maxSkipPerChain ?? num(j.maxSkip), ...limits },
        skipped,
      );
    } catch (e) {
      if (e instanceof CryptoError) throw e;
      throw RatchetError.badState('malformed serialized session');
    }
  }

  /** Zeroes every secret of the session. */
  destroy(): void {
    const s = this.#s;
    for (const hk of [s.hks, s.hkr, s.nhks, s.nhkr, ...this.#skipped.headerKeys()])
      if (hk) forgetHeaderKeys(hk);
    zeroize(
      s.dhs.secretKey,
      s.rk,
      s.cks ?? undefined,
      s.ckr ?? undefined,
      s.hks ?? undefined,
      s.hkr ?? undefined,
      s.nhks,
      s.nhkr,
    );
    this.#skipped.clear();
  }

  /** Redacted. */
  toString(): string {
    return 'RatchetSession(<redacted>)';
  }

  /** Redacted. */
  toJSON(): string {
    return this.toString();
  }

  /** Redacted. */
  [INSPECT](): string {
    return this.toString();
  }

  #headerAad(context: Uint8Array, version: RatchetVersion): Uint8Array {
    abytes(context, undefined, 'context');
    const empty = context.length === 0;
    if (empty && this.#aadNoContext && this.#aadNoContextVersion === version) return this.#aadNoContext;
    const aad = concatBytes(new Uint8Array([version, this.#s.suite]), lp16(this.#s.ad), lp16(context));
    if (empty) {
      this.#aadNoContext = aad;
      this.#aadNoContextVersion = version;
    }
    return aad;
  }

  /** header AAD || wire (headerNonce || encHeader); in a reused buffer for the empty context's header AAD. */
  #bodyAad(aadH: Uint8Array, wire: Uint8Array): Uint8Array {
    if (aadH !== this.#aadNoContext) return concatBytes(aadH, wire);
    let buf = this.#bodyAadScratch;
    if (!buf || this.#bodyAadScratchPrefix !== aadH || buf.length !== aadH.length + wire.length) {
      buf = new Uint8Array(aadH.length + wire.length);
      buf.set(aadH, 0);
      this.#bodyAadScratch = buf;
      this.#bodyAadScratchPrefix = aadH;
    }
    buf.set(wire, aadH.length);
    return buf;
  }

  /** The 40-byte plaintext header of a message if it opens under `headerKey`, or null. */
  #openHeaderBytes(
    headerKey: Uint8Array,
    parts: ReturnType<typeof splitMessage>,
    aad: Uint8Array,
  ): Uint8Array | null {
    try {
      // splitMessage took exactly RATCHET_HEADER_LENGTH + tag bytes of encrypted header
      return aeadOpen(parts.suite, headerKeys(headerKey).aeadKey, parts.headerNonce, parts.encHeader, aad);
    } catch {
      return null;
    }
  }

  /** The header of a message if it opens under `headerKey`, decoded, or null. */
  #openHeader(
    headerKey: Uint8Array,
    parts: ReturnType<typeof splitMessage>,
    aad: Uint8Array,
  ): RatchetHeader | null {
    const bytes = this.#openHeaderBytes(headerKey, parts, aad);
    return bytes && decodeHeader(bytes);
  }

  /**
   * Opens a message body under `messageKey`. When it does not authenticate, zeroes `derived` (the secrets derived
   * for this message, which the session will not keep) before throwing.
   *
   * @throws RatchetError RATCHET_MALFORMED, RATCHET_DECRYPT_FAILED.
   */
  #openBody(
    messageKey: Uint8Array,
    body: Uint8Array,
    aad: Uint8Array,
    version: RatchetVersion,
    derived: Uint8Array[] = NO_KEYS,
  ): Uint8Array {
    const suite = this.#s.suite;
    const key = bodyKeyOf(version, messageKey);
    try {
      if (body.length < AEAD_TAG_LENGTH) throw RatchetError.malformed('body too short');
      return aeadOpen(suite, key, zeroNonce(suite), body, aad);
    } catch (e) {
      zeroize(...derived);
      throw e instanceof RatchetError ? e : RatchetError.undecryptable();
    } finally {
      // version 2's body key is the message key itself: the caller zeroes it when it is used up
      if (key !== messageKey) key.fill(0);
    }
  }

  /**
   * Advances a receiving chain from `from` to `until` without touching state: the keys of `from..until-1` as
   * skipped keys, then (unless `skipOnly`) the message key of `until` and the chain key after it. Every key it
   * returns is pushed onto `derived` too, for the caller to zero if the message does not decrypt; intermediate
   * chain keys are zeroed here (`chainKey` is the caller's).
   *
   * @throws RatchetError RATCHET_TOO_MANY_SKIPPED, before deriving anything.
   */
  #advance(
    chainKey: Uint8Array,
    from: number,
    until: number,
    headerKey: Uint8Array,
    version: RatchetVersion,
    derived: Uint8Array[],
    skipOnly = false,
  ): ChainStep {
    if (until - from > this.#maxSkip) throw RatchetError.tooManySkipped(until - from, this.#maxSkip);
    const skipped: SkippedKey[] = [];
    let ck = chainKey;
    for (let n = from; n < until; n++) {
      const step = kdfChainOf(version, ck);
      skipped.push({ headerKey, n, messageKey: step.messageKey });
      derived.push(step.messageKey);
      if (ck !== chainKey) ck.fill(0);
      ck = step.chainKey;
    }
    if (skipOnly) {
      if (ck !== chainKey) ck.fill(0);
      return { skipped, chainKey: EMPTY, messageKey: EMPTY };
    }
    const last = kdfChainOf(version, ck);
    if (ck !== chainKey) ck.fill(0);
    derived.push(last.chainKey, last.messageKey);
    return { skipped, chainKey: last.chainKey, messageKey: last.messageKey };
  }
}

/** A receiving chain advanced to a message: see `#advance`. */
interface ChainStep {
  skipped: SkippedKey[];
  chainKey: Uint8Array;
  messageKey: Uint8Array;
}

/** The keys KDF_RK derives at a DH ratchet step. */
type RootStep = ReturnType<typeof kdfRoot>;

/**
 * KDF_RK of a DH ratchet step, on the DH output `precomputed` or on one computed here (and zeroed after use).
 * The three keys it derives are pushed onto `derived` too.
 *
 * @throws CryptoError CRYPTO_WEAK_DH when the peer's key gives an all-zero DH output.
 */
function rootStep(
  rootKey: Uint8Array,
  precomputed: Uint8Array | undefined,
  secretKey: Uint8Array,
  peer: Uint8Array,
  derived: Uint8Array[],
): RootStep {
  const dh = precomputed ?? x25519Dh(secretKey, peer);
  const out = kdfRoot(rootKey, dh);
  if (dh !== precomputed) dh.fill(0);
  derived.push(out.rootKey, out.chainKey, out.nextHeaderKey);
  return out;
}

const EMPTY = new Uint8Array(0);
/** Length of the encrypted header on the wire. */
const ENC_HEADER_LENGTH = RATCHET_HEADER_LENGTH + AEAD_TAG_LENGTH;
const NO_KEYS: Uint8Array[] = [];
/** The body nonce: all zero (every body key encrypts one message). Never written to. */
const ZERO_NONCE_12 = new Uint8Array(12);
const ZERO_NONCE_24 = new Uint8Array(24);

function zeroNonce(suite: number): Uint8Array {
  return aeadNonceLength(suite) === 12 ? ZERO_NONCE_12 : ZERO_NONCE_24;
}

/** A responder that has not received yet (`responder-waiting`): its message version is not settled. */
function isWaiting(s: State): boolean {
  return s.cks === null && s.ckr === null;
}

function checkInit(init: RatchetInit): number {
  abytes(init.rootKey, 32, 'rootKey');
  abytes(init.initiatorHeaderKey, 32, 'initiatorHeaderKey');
  abytes(init.responderHeaderKey, 32, 'responderHeaderKey');
  abytes(init.associatedData, undefined, 'associatedData');
  const suite = init.suite ?? DEFAULT_AEAD_SUITE;
  if (!isAeadSuite(suite)) throw CryptoError.unsupportedSuite(suite);
  if (init.version !== undefined && init.version !== 1 && init.version !== 2)
    throw new RangeError('ratchet version must be 1 or 2');
  return suite;
}
