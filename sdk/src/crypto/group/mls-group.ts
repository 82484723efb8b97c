/**
 * An MLS group (RFC 9420) through ts-mls: create, add and remove members with commits, Welcome, application
 * messages, epoch changes, and serializable state.
 *
 * State machine: `active` → (commit removing us) → `removed`. Each commit moves every member to epoch + 1;
 * handshake messages must be applied in the relay's order (the relay orders each room's handshake messages).
 *
 * @module
 */
import {
  acceptAll,
  type CiphersuiteImpl,
  type ClientState,
  createApplicationMessage,
  decodeGroupState,
  emptyPskIndex,
  encodeGroupState,
  encodeMlsMessage,
  makePskIndex,
  type PrivateMessage,
  type Proposal,
  zeroOutUint8Array,
} from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { abytes, concatBytes, equalBytes, readU16, u16, utf8 } from '../bytes.js';
import { GroupError } from '../errors.js';
import { loadHpke, loadHpkeForCommit } from './load-hpke.js';
import { loadMlsCreate } from './load-mls-create.js';
import { type MlsMember, safeDecode } from './mls-member.js';
import { type MlsCiphersuiteName, mlsCiphersuite, SUPPORTED_MLS_CIPHERSUITES } from './noble-provider.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const STATE_VERSION = 0x01;

/** What processing an incoming message produced. */
export type GroupEvent =
  | { kind: 'application'; plaintext: Uint8Array; epoch: bigint }
  | { kind: 'commit'; epoch: bigint; removed: boolean }
  | { kind: 'proposal'; epoch: bigint };

/** Output of a commit: send `commit` to the room, `welcome` (if any) to the new members. */
export interface CommitOutput {
  /** Encoded MLSMessage (PrivateMessage) carrying the commit. */
  commit: Uint8Array;
  /** Encoded MLSMessage (Welcome) for added members. */
  welcome?: Uint8Array;
}

async function guard<T>(op: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof GroupError) throw e;
    throw GroupError.operationFailed(op, e);
  }
}

/**
 * One member's view of an MLS group.
 *
 * @example
 * const alice = await MlsGroup.create(utf8('room-1'), await createMlsMember(aliceId));
 * const { commit, welcome } = await alice.add([bobKeyPackageBytes]);
 * const bob = await MlsGroup.join(welcome!, bobMember);
 * await bob.process(await alice.encrypt(utf8('hi')));
 */
export class MlsGroup {
  #state: ClientState;
  readonly suite: MlsCiphersuiteName;

  private constructor(state: ClientState, suite: MlsCiphersuiteName) {
    this.#state = state;
    this.suite = suite;
  }

  /** Creates a group with this member alone, at epoch 0. */
  static async create(groupId: Uint8Array, member: MlsMember): Promise<MlsGroup> {
    abytes(groupId, undefined, 'groupId');
    const [{ createGroup }, cs] = await Promise.all([loadMlsCreate(), mlsCiphersuite(member.suite)]);
    const state = await guard('create', () =>
      createGroup(groupId, member.keyPackage, member.privateKeys, [], cs),
    );
    return new MlsGroup(state, member.suite);
  }

  /**
   * Joins from a Welcome (the ratchet tree travels in the GroupInfo extension). Loads the HPKE framing first
   * (`loadHpke()`).
   *
   * @throws GroupError GROUP_MALFORMED, GROUP_OPERATION_FAILED; CryptoError CRYPTO_NOT_LOADED when the HPKE
   *   framing could not be loaded (a later call tries again).
   */
  static async join(welcome: Uint8Array, member: MlsMember): Promise<MlsGroup> {
    const m = safeDecode(welcome);
    if (m.wireformat !== 'mls_welcome') throw GroupError.malformed('welcome');
    const { joinGroup } = await loadHpke();
    const cs = await mlsCiphersuite(member.suite);
    const state = await guard('join', () =>
      joinGroup(m.welcome, member.keyPackage, member.privateKeys, emptyPskIndex, cs),
    );
    return new MlsGroup(state, member.suite);
  }

  /** Current epoch. */
  get epoch(): bigint {
    return this.#state.groupContext.epoch;
  }

  /** The group id. */
  get groupId(): Uint8Array {
    return this.#state.groupContext.groupId.slice();
  }

  /** The epoch authenticator (RFC 9420 §8.7): equal at every member of the same epoch. */
  get epochAuthenticator(): Uint8Array {
    return this.#state.keySchedule.epochAuthenticator.slice();
  }

  /** Whether this member has been removed. */
  get active(): boolean {
    return this.#state.groupActiveState.kind === 'active';
  }

  /** Credential identities of the current members, by leaf index (undefined for blank leaves). */
  members(): (Uint8Array | undefined)[] {
    const out: (Uint8Array | undefined)[] = [];
    const tree = this.#state.ratchetTree;
    for (let i = 0; i < tree.length; i += 2) {
      const node = tree[i];
      const cred = node?.nodeType === 'leaf' ? node.leaf.credential : undefined;
      out.push(cred?.credentialType === 'basic' ? cred.identity : undefined);
    }
    while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
    return out;
  }

  /**
   * Adds members from their encoded key packages in one commit (with a Welcome for them). Like every commit,
   * loads the HPKE framing first (`loadHpke()`): the state is unchanged when that fails.
   *
   * @throws GroupError GROUP_MALFORMED, GROUP_OPERATION_FAILED; CryptoError CRYPTO_NOT_LOADED when the HPKE
   *   framing could not be loaded (a later call tries again).
   */
  async add(keyPackages: Uint8Array[]): Promise<CommitOutput> {
    const proposals: Proposal[] = keyPackages.map((kp) => {
      const m = safeDecode(kp);
      if (m.wireformat !== 'mls_key_package') throw GroupError.malformed('key package');
      return { proposalType: 'add', add: { keyPackage: m.keyPackage } };
    });
    return this.#commit('add', proposals);
  }

  /**
   * Removes the members whose credential identity matches, in one commit (loads the HPKE framing first).
   *
   * @throws GroupError GROUP_OPERATION_FAILED; CryptoError CRYPTO_NOT_LOADED as {@link MlsGroup.add}.
   */
  async remove(identities: Uint8Array[]): Promise<CommitOutput> {
    const members = this.members();
    const proposals: Proposal[] = [];
    for (const id of identities) {
      const leaf = members.findIndex((m) => m !== undefined && equalBytes(m, id));
      if (leaf < 0) throw GroupError.operationFailed('remove: not a member');
      proposals.push({ proposalType: 'remove', remove: { removed: leaf } });
    }
    return this.#commit('remove', proposals);
  }

  /**
   * A commit with no proposals: refreshes this member's path (post-compromise security; loads the HPKE framing
   * first).
   *
   * @throws GroupError GROUP_OPERATION_FAILED; CryptoError CRYPTO_NOT_LOADED as {@link MlsGroup.add}.
   */
  async update(): Promise<CommitOutput> {
    return this.#commit('update', []);
  }

  /** Encrypts an application message for the current epoch. */
  async encrypt(plaintext: Uint8Array, authenticatedData?: Uint8Array): Promise<Uint8Array> {
    abytes(plaintext, undefined, 'plaintext');
    const cs = await mlsCiphersuite(this.suite);
    const r = await guard('encrypt', () =>
      createApplicationMessage(this.#state, plaintext, cs, authenticatedData),
    );
    this.#state = r.newState;
    r.consumed.forEach(zeroOutUint8Array);
    return encodeMlsMessage({
      version: 'mls10',
      wireformat: 'mls_private_message',
      privateMessage: r.privateMessage,
    });
  }

  /**
   * Processes a message from the room: an application message, a proposal or a commit. An application message
   * of the current epoch takes the lighter path (`#processApplication`) and loads nothing. Anything else (a
   * commit, a proposal, a message of an earlier epoch; the content type and epoch are in the clear, RFC 9420
   * §6.3) goes through ts-mls's `processMessage`, which comes with the HPKE framing: `loadHpkeForCommit()` loads
   * it first and tries a failed download again.
   *
   * @throws GroupError GROUP_MALFORMED, GROUP_WRONG_EPOCH (a future epoch), GROUP_OPERATION_FAILED; CryptoError
   *   CRYPTO_NOT_LOADED when a message that needs the HPKE chunk arrives and the chunk could not be loaded (the
   *   state is unchanged; a later call tries again; a room reports the message as undecryptable).
   */
  async process(message: Uint8Array): Promise<GroupEvent> {
    const m = safeDecode(message);
    if (m.wireformat !== 'mls_private_message' && m.wireformat !== 'mls_public_message') {
      throw GroupError.malformed('message wireformat');
    }
    const epoch =
      m.wireformat === 'mls_private_message' ? m.privateMessage.epoch : m.publicMessage.content.epoch;
    if (epoch > this.epoch) throw GroupError.wrongEpoch(epoch, this.epoch);
    const contentType =
      m.wireformat === 'mls_private_message'
        ? m.privateMessage.contentType
        : m.publicMessage.content.contentType;
    const cs = await mlsCiphersuite(this.suite);
    if (m.wireformat === 'mls_private_message' && contentType === 'application' && epoch === this.epoch) {
      return this.#processApplication(m.privateMessage, cs);
    }
    // commits, proposals and messages of an earlier epoch: ts-mls's whole message processing, which travels
    // with the HPKE framing (a commit's UpdatePath and new members need it; `hpke-cipher-suite.ts`)
    const { processMessage } = await loadHpkeForCommit();
    const before = this.epoch;
    const wasActive = this.active;
    const r = await guard('process', () =>
      processMessage(m, this.#state, makePskIndex(this.#state, {}), acceptAll, cs),
    );
    this.#state = r.newState;
    r.consumed.forEach(zeroOutUint8Array);
    if (r.kind === 'applicationMessage') return { kind: 'application', plaintext: r.message, epoch };
    if (wasActive && !this.active) return { kind: 'commit', epoch: this.epoch, removed: true };
    if (this.epoch !== before) return { kind: 'commit', epoch: this.epoch, removed: false };
    return { kind: 'proposal', epoch: this.epoch };
  }

  /**
   * Serializes the group state (secrets included) for the encrypted store.
   * Layout: `0x01 || u16 len || suite name (ASCII) || ts-mls GroupState encoding`.
   */
  serialize(): Uint8Array {
    const name = utf8(this.suite);
    return concatBytes(
      new Uint8Array([STATE_VERSION]),
      u16(name.length),
      name,
      encodeGroupState(this.#state),
    );
  }

  /**
   * Restores a group from {@link MlsGroup.serialize}.
   *
   * @throws GroupError GROUP_MALFORMED.
   */
  static deserialize(bytes: Uint8Array): MlsGroup {
    abytes(bytes, undefined, 'state');
    if (bytes.length < 3 || bytes[0] !== STATE_VERSION) throw GroupError.malformed('group state');
    const len = readU16(bytes, 1);
    const name = new TextDecoder().decode(bytes.subarray(3, 3 + len));
    if (!(SUPPORTED_MLS_CIPHERSUITES as readonly string[]).includes(name))
      throw GroupError.malformed('group state suite');
    let decoded: ReturnType<typeof decodeGroupState>;
    try {
      decoded = decodeGroupState(bytes, 3 + len);
    } catch (cause) {
      throw new GroupError('GROUP_MALFORMED', 'malformed MLS group state', { cause });
    }
    if (!decoded || 3 + len + decoded[1] !== bytes.length) throw GroupError.malformed('group state');
    return new MlsGroup({ ...decoded[0], clientConfig: defaultClientConfig }, name as MlsCiphersuiteName);
  }

  /** Redacted. */
  toString(): string {
    return `MlsGroup(epoch ${this.epoch})`;
  }

  /** Redacted. */
  toJSON(): string {
    return this.toString();
  }

  /** Redacted. */
  [INSPECT](): string {
    return this.toString();
  }

  /**
   * An application message of the current epoch: what ts-mls's `processPrivateMessage` does for one (decrypt
   * and verify it with the epoch's sender-data secret and secret tree, then keep the advanced secret tree),
   * through the same `unprotectPrivateMessage`, so a chat's messages do not need the rest of ts-mls's message
   * processing (commits, proposals, earlier epochs), which is loaded with the HPKE framing. The resulting state
   * is the one `processMessage` gives (`mls-group.test.ts` compares them).
   */
  async #processApplication(pm: PrivateMessage, cs: CiphersuiteImpl): Promise<GroupEvent> {
    const state = this.#state;
    const r = await guard('process', () =>
      unprotectPrivateMessage(
        state.keySchedule.senderDataSecret,
        pm,
        state.secretTree,
        state.ratchetTree,
        state.groupContext,
        state.clientConfig.keyRetentionConfig,
        cs,
      ),
    );
    const content = r.content.content;
    // the content type is authenticated (it is in the AAD): a mismatch cannot decrypt
    if (content.contentType !== 'application') throw GroupError.malformed('message content type');
    this.#state = { ...state, secretTree: r.tree };
    r.consumed.forEach(zeroOutUint8Array);
    return { kind: 'application', plaintext: content.applicationData, epoch: pm.epoch };
  }

  async #commit(op: string, proposals: Proposal[]): Promise<CommitOutput> {
    // a commit seals to the tree (an UpdatePath), to new members (a Welcome) or both
    const { createCommit } = await loadHpke();
    const cs = await mlsCiphersuite(this.suite);
    const r = await guard(op, () =>
      createCommit(
        { state: this.#state, cipherSuite: cs },
        // the ratchet tree goes into the GroupInfo of a Welcome; a commit that adds nobody sends no Welcome,
        // so it skips encoding and encrypting the whole tree (the commit's bytes are the same)
        { extraProposals: proposals, ratchetTreeExtension: proposals.some((p) => p.proposalType === 'add') },
      ),
    );
    this.#state = r.newState;
    r.consumed.forEach(zeroOutUint8Array);
    const out: CommitOutput = { commit: encodeMlsMessage(r.commit) };
    if (r.welcome)
      out.welcome = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: r.welcome });
    return out;
  }
}
