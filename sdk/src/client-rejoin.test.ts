import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reopenableStore } from '../../test/helpers/stores.js';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import { createMlsMember, MlsGroup } from './crypto/group/index.js';
import { DeviceIdentity, decodePublicIdentity, formatPublicKey } from './crypto/identity/index.js';
import { randomBytes } from './crypto/primitives/index.js';
import type { RejoinedEvent } from './events.js';
import type { ChatMessage, CrypTalkClient, MemberEvent } from './index.js';
import { type KeyKind, type KeysFrame, randomId, toBase64url } from './protocol/index.js';
import { RelayClient } from './relay-client/index.js';
import { groupLeaves } from './rooms/group-leaves.js';
import {
  decodePayload,
  encodePayload,
  openInviteMessage,
  PayloadKind,
  parseInviteLink,
  sealInviteMessage,
} from './rooms/index.js';
import { rejoinReq } from './rooms/rejoin-check.js';
import { REJOIN_NONCE_LENGTH } from './rooms/rejoin-request.js';
import { openMemoryStore, type Store } from './store/index.js';
import { nextEvent, until } from './testing/wait.js';

// a short history: a member away for longer cannot resume
const relay = useTestRelay({ historyMax: 6 });

const open = clientOpener(relay, { reconnect: false });

/** The occupied leaves of a room's MLS tree, as stored (a stale leaf would be one more). */
async function storedLeaves(store: Store, roomId: string): Promise<{ leaves: number; epoch: bigint }> {
  const state = (await store.rooms.get(roomId))?.state;
  assert.ok(state, 'the group state is stored');
  const group = MlsGroup.deserialize(state);
  return { leaves: group.members().filter((m) => m !== undefined).length, epoch: group.epoch };
}

test('a member whose missed commits are gone rejoins on its own and keeps its history', async () => {
  const storeA = await openMemoryStore();
  const [a, b, c] = await Promise.all([open('Ada', { store: storeA }), open('Bob'), open('Cy')]);
  try {
    const roomA = await a.createRoom();
    const roomB = await b.joinByLink(await roomA.invite());
    await until(() => roomB.ready && roomA.members().length === 2, 'Bob joined', 15_000);
    const gotB: ChatMessage[] = [];
    const selfJoined: MemberEvent[] = [];
    const rejoined: RejoinedEvent[] = [];
    b.on('rejoined', (e) => rejoined.push(e));
    b.on('message', (m) => gotB.push(m));
    b.on('member', (e) => {
      if (e.member.self && e.kind === 'joined') selfJoined.push(e);
    });
    await roomA.send('before the gap');
    await until(() => gotB.some((m) => m.text === 'before the gap'), 'the first message', 15_000);

    // Bob is away while the group changes (Cy joins: a commit) and more is said than the relay keeps.
    b.disconnect();
    const roomC = await c.joinByLink(await roomA.invite());
    await until(() => roomC.ready && roomA.members().length === 3, 'Cy joined', 15_000);
    for (let i = 0; i < 10; i++) await roomA.send(`while away ${i}`);

    await b.connect();
    await until(() => selfJoined.length > 0, 'Bob rejoined (member event for himself)', 20_000);
    await until(() => roomB.ready && roomA.members().length === 3, 'Bob back in the group', 15_000);
    await roomA.send('after the rejoin');
    await until(() => gotB.some((m) => m.text === 'after the rejoin'), 'a message after the rejoin', 15_000);
    const gotA: ChatMessage[] = [];
    a.on('message', (m) => gotA.push(m));
    await roomB.send('Bob is back');
    await until(() => gotA.some((m) => m.text === 'Bob is back'), 'Bob can send again', 15_000);
    const history = (await roomB.history({ limit: 100 })).messages.map((m) => m.text);
    assert.ok(history.includes('before the gap'), 'the history from before the gap is kept');
    assert.equal(
      roomB.members().filter((m) => m.self).length,
      1,
      'Bob is listed once (his stale leaf is not shown twice)',
    );
    assert.equal(rejoined.length, 1, 'one rejoined event');
    assert.equal(rejoined[0]?.room, roomB.id);
    assert.equal(rejoined[0]?.reason, 'resume-lost');
    assert.ok((rejoined[0]?.epoch ?? 0) > (rejoined[0]?.fromEpoch ?? 0), 'rejoined at a later epoch');
    await until(() => selfJoined.length === 1, 'one member joined event for himself');
    const tree = await storedLeaves(storeA, roomA.id);
    assert.equal(tree.leaves, 3, 'Bob’s stale leaf was removed: three leaves for three members');
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
    await storeA.close();
  }
});

/** Every directory lookup and sealed-request publish of this process, so a test can replay or forge them. */
function tapRelay() {
  const realGet = RelayClient.prototype.getKeys;
  const realPublish = RelayClient.prototype.publish;
  const served = new Map<string, string>(); // owner → the last key package the relay handed out
  const sealed: Uint8Array[] = [];
  /** Key packages the stub serves instead of the relay (a relay replaying or a member forging). */
  const fake = new Map<string, string>();
  let fakeServed = 0;
  RelayClient.prototype.getKeys = async function (this: RelayClient, owner: string, kind: KeyKind) {
    const kp = kind === 'kp' ? fake.get(owner) : undefined;
    if (kp !== undefined) {
      fakeServed++;
      return { v: 1, t: 'keys', owner, kind, kp } as KeysFrame;
    }
    const r = await realGet.call(this, owner, kind);
    if (r.kp !== undefined) served.set(owner, r.kp);
    return r;
  };
  RelayClient.prototype.publish = function (this: RelayClient, ...args: Parameters<RelayClient['publish']>) {
    if (args[3][1] === PayloadKind.INVITE_SEALED) sealed.push(args[3].slice());
    return realPublish.apply(this, args);
  };
  return {
    served,
    sealed,
    fake,
    fakeServed: () => fakeServed,
    restore() {
      RelayClient.prototype.getKeys = realGet;
      RelayClient.prototype.publish = realPublish;
    },
  };
}

test('a replayed or forged rejoin request removes nobody', async () => {
  const tap = tapRelay();
  const storeA = await openMemoryStore();
  const [a, b, c] = await Promise.all([open('Ada', { store: storeA }), open('Bob'), open('Cy')]);
  try {
    const roomA = await a.createRoom();
    const link = await roomA.invite();
    const roomB = await b.joinByLink(link);
    await until(() => roomB.ready && roomA.members().length === 2, 'Bob joined', 15_000);
    b.disconnect();
    // the rejoin is sealed under the newest invite Bob holds: this one
    const link2 = await roomA.invite();
    const roomC = await c.joinByLink(link2);
    await until(() => roomC.ready && roomA.members().length === 3, 'Cy joined', 15_000);
    for (let i = 0; i < 10; i++) await roomA.send(`while away ${i}`);
    const rejoined = nextEvent(b, 'rejoined', (e) => e.room === roomB.id, 'Bob rejoined', 20_000);
    await b.connect();
    await rejoined;
    await until(() => roomA.members().length === 3 && roomB.ready, 'Bob back', 15_000);
    // let the re-add's profile messages settle, then take the state every check compares with
    const gotB: ChatMessage[] = [];
    b.on('message', (m) => gotB.push(m));
    await roomA.send('settled');
    await until(() => gotB.some((m) => m.text === 'settled'), 'a message after the rejoin', 15_000);
    const invite = parseInviteLink(link2);
    assert.ok(invite.kind === 'group');
    const before = await storedLeaves(storeA, roomA.id);
    assert.equal(before.leaves, 3);

    // The rejoin request as it travelled (the one whose req carries a proof), and the key package it named.
    const request = tap.sealed.find((body) => {
      try {
        const m = openInviteMessage(invite, roomA.id, decodePayload(body).body);
        return m.t === 'req' && m.req.includes('.');
      } catch {
        return false;
      }
    });
    assert.ok(request, 'the rejoin request was published');
    const m = openInviteMessage(invite, roomA.id, decodePayload(request).body);
    assert.ok(m.t === 'req');
    const oldKp = tap.served.get(m.owner);
    assert.ok(oldKp, 'a member took Bob’s key package');
    const relayC = (c as unknown as { relayClient: RelayClient }).relayClient;

    // 1. Replay: the same sealed request again, and the relay serves the same key package again.
    tap.fake.set(m.owner, oldKp);
    await relayC.publish(roomA.id, randomId(), 0, request);
    await until(() => tap.fakeServed() >= 2, 'the members looked the replayed request up', 15_000);

    // 2. Forgery: a member that knows the invite names Bob's leaf with a key package carrying Bob's credential,
    //    signed by a key that is not Bob's.
    const group = MlsGroup.deserialize((await storeA.rooms.get(roomA.id))?.state as Uint8Array);
    const { leaves } = groupLeaves(group);
    const bob = leaves
      .filter((l) => l !== undefined)
      .find((l) => formatPublicKey(decodePublicIdentity(l.identity as Uint8Array).signingKey) === b.id);
    assert.ok(bob, 'Bob has a leaf');
    const fakeKp = (await createMlsMember(bob.identity as Uint8Array)).encodedKeyPackage();
    const forger = await DeviceIdentity.generateAsync();
    const req = await rejoinReq(
      randomId(),
      roomA.id,
      { groupId: group.groupId, leaf: bob.index, signatureKey: bob.signatureKey },
      fakeKp,
      randomBytes(REJOIN_NONCE_LENGTH),
      (msg) => forger.signAsync(msg),
    );
    tap.fake.set('forged-owner', toBase64url(fakeKp));
    const served = tap.fakeServed();
    const forged = sealInviteMessage(invite, roomA.id, { t: 'req', req, owner: 'forged-owner' });
    await relayC.publish(roomA.id, randomId(), 0, encodePayload(PayloadKind.INVITE_SEALED, forged));
    await until(() => tap.fakeServed() >= served + 2, 'the members looked the forged request up', 15_000);

    // Nobody was removed or added: a message round trip later, the same epoch and the same three leaves.
    await roomA.send('still here');
    await until(() => gotB.some((x) => x.text === 'still here'), 'Bob still gets messages', 15_000);
    const after = await storedLeaves(storeA, roomA.id);
    assert.deepEqual(after, before, 'no commit: the same epoch and leaves');
    assert.equal(roomA.members().length, 3);
    assert.ok(roomB.ready && roomC.ready);
  } finally {
    tap.restore();
    await Promise.all([a.close(), b.close(), c.close()]);
    await storeA.close();
  }
});

test('a rejoin interrupted by a restart completes after reopening, still removing the stale leaf', async () => {
  const deviceA = reopenableStore(21);
  const deviceB = reopenableStore(22);
  const a = await open('Ada', { store: await deviceA.open() });
  const b = await open('Bob', { store: await deviceB.open() });
  const c = await open('Cy');
  let a2: CrypTalkClient | undefined;
  let b2: CrypTalkClient | undefined;
  try {
    const roomA = await a.createRoom();
    const roomB = await b.joinByLink(await roomA.invite());
    await until(() => roomB.ready && roomA.members().length === 2, 'Bob joined', 15_000);
    const gotB: ChatMessage[] = [];
    b.on('message', (m) => gotB.push(m));
    await roomA.send('before the gap');
    await until(() => gotB.some((m) => m.text === 'before the gap'), 'the first message', 15_000);
    b.disconnect();
    const roomC = await c.joinByLink(await roomA.invite());
    await until(() => roomC.ready && roomA.members().length === 3, 'Cy joined', 15_000);
    for (let i = 0; i < 10; i++) await roomA.send(`while away ${i}`);
    await Promise.all([a.close(), c.close()]); // nobody can admit Bob now

    // Bob comes back, finds the gap, asks to rejoin, and is closed before anyone answers.
    await b.connect();
    await until(() => (deviceB.data.tables.get('kv')?.size ?? 0) > 0 && !roomB.ready, 'Bob’s rejoin started');
    await new Promise((r) => setTimeout(r, 500)); // the request (with its proof) reached the relay
    await b.close();

    a2 = await open('Ada', { store: await deviceA.open() });
    b2 = await open('Bob', {
      store: await deviceB.open(),
      connect: false,
    });
    const rejoined = nextEvent(
      b2,
      'rejoined',
      (e) => e.room === roomA.id,
      'Bob’s rejoin after the restart',
      20_000,
    );
    await b2.connect();
    const e = await rejoined;
    assert.equal(e.reason, 'resume-lost');
    const roomA2 = a2.room(roomA.id);
    const roomB2 = b2.room(roomA.id);
    assert.ok(roomA2 && roomB2);
    await until(() => roomB2.ready && roomA2.members().length === 3, 'Bob back after the restart', 15_000);
    const history = (await roomB2.history({ limit: 100 })).messages.map((m) => m.text);
    assert.ok(history.includes('before the gap'), 'Bob’s history from before the gap is kept');
    const stored = await deviceA.open();
    await a2.close();
    const tree = await storedLeaves(stored, roomA.id);
    await stored.close();
    assert.equal(tree.leaves, 3, 'the stale leaf named by the restored proof was removed');
  } finally {
    await Promise.all([a.close(), b.close(), c.close(), a2?.close(), b2?.close()]);
  }
});
