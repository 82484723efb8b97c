import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import WebSocket from 'ws';
import { CrypTalkClient, type CrypTalkClientOptions, type Room } from './index.js';
import type { Store } from './store/index.js';
import { openNodeFileStore } from './store/node/index.js';
import { nextEvent as next, until } from './testing/wait.js';

let relay: Relay;
let dir: string;
before(async () => {
  relay = await createRelay({
    port: 0,
    lookupsPerMinute: 10_000,
    connFramesPerSec: 10_000,
    connFramesBurst: 10_000,
  });
  dir = await mkdtemp(join(tmpdir(), 'cryptalk-messages-'));
});
after(async () => {
  await relay.close();
  await rm(dir, { recursive: true, force: true });
});

function open(displayName: string, extra: Partial<CrypTalkClientOptions> = {}): Promise<CrypTalkClient> {
  return CrypTalkClient.open({
    relay: relay.url,
    WebSocket: WebSocket as never,
    displayName,
    joinTimeoutMs: 15_000,
    ...extra,
  });
}

function fileStore(name: string): Promise<Store> {
  return openNodeFileStore({
    dir: join(dir, name),
    passphrase: 'correct horse battery staple',
    kdf: { kind: 'scrypt', N: 1024, r: 8, p: 1 },
    allowWeakKdf: true,
    sweepIntervalMs: 0,
  });
}

async function directPair(a: CrypTalkClient, b: CrypTalkClient): Promise<[Room, Room]> {
  const roomA = await a.createDirectRoom();
  const roomB = await b.joinByLink(await roomA.invite());
  await until(() => roomA.ready, '1:1 ready');
  return [roomA, roomB];
}

describe('messages in a 1:1 room', () => {
  test('mentions, replies, edits, reactions, delete for everyone, receipts, typing; history survives a restart', async () => {
    const storeB = await fileStore('bob');
    const a = await open('Ada');
    let b = await open('Bob', { store: storeB });
    const [roomA, roomB] = await directPair(a, b);

    const hello = next(b, 'message', (m) => m.text === 'hi @bob', 'the mention');
    const sent = await roomA.send('hi @bob', { mentions: [{ member: b.id, start: 3, length: 4 }] });
    const got = await hello;
    assert.equal(got.msgId, sent.msgId);
    assert.deepEqual(got.mentions, [{ member: b.id, start: 3, length: 4 }]);
    assert.equal(got.kind, 'text');
    assert.equal(got.author.displayName, 'Ada');

    const reply = next(a, 'message', (m) => m.kind === 'reply', 'the reply');
    const answer = await roomB.send('hello ada', { replyTo: sent.msgId });
    assert.equal((await reply).replyTo, sent.msgId);

    const edited = next(b, 'edit', (e) => e.msgId === sent.msgId, 'the edit');
    const mine = await roomA.edit(sent.msgId, 'hi bob (edited)');
    assert.equal(mine.text, 'hi bob (edited)');
    assert.equal(mine.edited, true);
    const e = await edited;
    assert.equal(e.message.text, 'hi bob (edited)');
    assert.equal(e.message.edited, true);
    assert.equal(e.author.id, a.id);

    const reacted = next(a, 'reaction', (r) => r.msgId === sent.msgId, 'the reaction');
    await roomB.react(sent.msgId, '👍');
    const r = await reacted;
    assert.equal(r.emoji, '👍');
    assert.equal(r.add, true);
    assert.deepEqual(r.reactions, [{ emoji: '👍', members: [b.id] }]);
    assert.deepEqual(roomA.message(sent.msgId)?.reactions, [{ emoji: '👍', members: [b.id] }]);

    // Only the sender may edit or delete.
    await assert.rejects(roomB.delete(sent.msgId), { code: 'CLIENT_INVALID_ARGUMENT' });
    await assert.rejects(roomB.edit(sent.msgId, 'nope'), { code: 'CLIENT_INVALID_ARGUMENT' });

    const receipt = next(a, 'receipt', (x) => x.upTo === sent.msgId, 'the receipt');
    await roomB.markRead(sent.msgId);
    assert.equal((await receipt).member.id, b.id);
    assert.equal(roomA.receipts().get(b.id), sent.msgId);

    const typing = next(b, 'typing', (x) => x.active, 'typing');
    await roomA.typing(true);
    const t = await typing;
    assert.equal(t.member.id, a.id);
    assert.equal(t.room, roomB.id);

    const gone = next(a, 'delete', (x) => x.msgId === answer.msgId, 'the delete');
    await roomB.delete(answer.msgId);
    const d = await gone;
    assert.equal(d.reason, 'deleted');
    assert.equal(d.author?.id, b.id);
    const viewA = roomA.message(answer.msgId);
    assert.equal(viewA?.deleted, true);
    assert.equal(viewA?.text, '');

    // Bob restarts from his encrypted store: the history is rebuilt with the edit, reaction and tombstone.
    await b.close();
    await storeB.close();
    const storeB2 = await fileStore('bob');
    b = await open('Bob', { store: storeB2 });
    const roomB2 = b.room(roomB.id) as Room;
    const page = await roomB2.history();
    assert.deepEqual(
      page.messages.map((m) => [m.text, m.edited, m.deleted, m.reactions.length]),
      [
        ['', false, true, 0],
        ['hi bob (edited)', true, false, 1],
      ],
    );
    assert.equal(page.messages[0]?.replyTo, sent.msgId);
    const after = next(a, 'message', (m) => m.text === 'back', 'after restart');
    await roomB2.send('back');
    await after;
    await Promise.all([a.close(), b.close()]);
    await storeB2.close();
  });

  test('disappearing timer: messages expire on both sides, leave the history and are erased at the relay', async () => {
    // What the relay is asked to store: each message with its expiry, if any.
    const appended = new Map<string, number | undefined>();
    const append = relay.store.append.bind(relay.store);
    relay.store.append = (room, msg, now) => {
      appended.set(msg.msgId, msg.exp);
      return append(room, msg, now);
    };
    const [a, b] = await Promise.all([open('Ada'), open('Bob')]);
    const [roomA, roomB] = await directPair(a, b);
    const timer = next(b, 'timer', (x) => x.seconds === 1, 'the timer');
    await roomA.setDisappearing(1);
    assert.equal((await timer).author.id, a.id);
    assert.equal(roomA.disappearing, 1);
    assert.equal(roomB.disappearing, 1);
    const arrived = next(b, 'message', (m) => m.text === 'vanish', 'vanish');
    const sent = await roomA.send('vanish');
    assert.ok(sent.expiresAt !== undefined && sent.expiresAt <= Date.now() + 1000);
    await arrived;
    const goneA = next(a, 'delete', (x) => x.msgId === sent.msgId && x.reason === 'expired', 'expiry at Ada');
    const goneB = next(b, 'delete', (x) => x.msgId === sent.msgId && x.reason === 'expired', 'expiry at Bob');
    await Promise.all([goneA, goneB]);
    assert.equal(roomA.message(sent.msgId), undefined);
    assert.equal((await roomB.history()).messages.length, 0);
    // The relay was told when it disappears, and its sweep erased it.
    const exp = appended.get(sent.msgId);
    assert.ok(exp !== undefined && Math.abs(exp - (sent.expiresAt ?? 0)) <= 2000, `relay expiry ${exp}`);
    // The relay's expiry is rounded up to whole seconds from when it got the message: sweep past it.
    await relay.store.sweep(Date.now() + 2000);
    const stored = await relay.store.range(roomA.id, 0, 1000);
    assert.ok(stored.length > 0, 'the room has other messages at the relay');
    assert.ok(!stored.some((m) => m.msgId === sent.msgId), 'the disappeared message is gone from the relay');
    await roomA.setDisappearing(0);
    await until(() => roomB.disappearing === 0, 'timer off');
    const kept = await roomA.send('stays');
    assert.equal(kept.expiresAt, undefined);
    assert.ok(appended.has(kept.msgId) && appended.get(kept.msgId) === undefined, 'kept without an expiry');
    relay.store.append = append;
    await Promise.all([a.close(), b.close()]);
  });

  test('privacy toggles: no receipts and no typing are sent when off', async () => {
    const a = await open('Ada');
    const b = await open('Bob', { receipts: false, typing: false });
    const [roomA, roomB] = await directPair(a, b);
    const seen: string[] = [];
    a.on('receipt', () => seen.push('receipt'));
    a.on('typing', () => seen.push('typing'));
    const m = await roomA.send('read me');
    await until(() => roomB.message(m.msgId) !== undefined, 'arrival');
    await roomB.markRead(m.msgId);
    await roomB.typing(true);
    const marker = next(a, 'message', (x) => x.text === 'marker', 'marker');
    await roomB.send('marker');
    await marker;
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(seen, []);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('messages in a group of three', () => {
  test('replies, reactions, edits, deletes, receipts and typing reach every member', async () => {
    const [a, b, c] = await Promise.all([open('Ada'), open('Bob'), open('Cyd')]);
    const roomA = await a.createRoom();
    const link = await roomA.invite();
    const roomB = await b.joinByLink(link);
    const roomC = await c.joinByLink(link);
    await until(() => [roomA, roomB, roomC].every((r) => r.members().length === 3), 'three members');

    const atB = next(b, 'message', (m) => m.text === 'plan?', 'plan at Bob');
    const atC = next(c, 'message', (m) => m.text === 'plan?', 'plan at Cyd');
    const q = await roomA.send('plan?');
    await Promise.all([atB, atC]);

    const replyA = next(a, 'message', (m) => m.replyTo === q.msgId, 'reply at Ada');
    const replyC = next(c, 'message', (m) => m.replyTo === q.msgId, 'reply at Cyd');
    await roomB.send('ship it', { replyTo: q.msgId });
    await Promise.all([replyA, replyC]);

    const reactA = next(a, 'reaction', (r) => r.msgId === q.msgId, 'reaction at Ada');
    const reactB = next(b, 'reaction', (r) => r.msgId === q.msgId, 'reaction at Bob');
    await roomC.react(q.msgId, '🎉');
    await Promise.all([reactA, reactB]);

    const editB = next(b, 'edit', (e) => e.msgId === q.msgId, 'edit at Bob');
    const editC = next(c, 'edit', (e) => e.msgId === q.msgId, 'edit at Cyd');
    await roomA.edit(q.msgId, 'plan for friday?');
    assert.equal((await editB).message.text, 'plan for friday?');
    const ec = await editC;
    assert.deepEqual(ec.message.reactions, [{ emoji: '🎉', members: [c.id] }]);

    const typingA = next(a, 'typing', (t) => t.member.id === c.id && t.active, 'typing at Ada');
    const typingB = next(b, 'typing', (t) => t.member.id === c.id && t.active, 'typing at Bob');
    await roomC.typing(true);
    await Promise.all([typingA, typingB]);

    const rcptA = next(a, 'receipt', (x) => x.member.id === b.id, 'receipt at Ada');
    const rcptC = next(c, 'receipt', (x) => x.member.id === b.id, 'receipt at Cyd');
    await roomB.markRead(q.msgId);
    await Promise.all([rcptA, rcptC]);

    const delB = next(b, 'delete', (x) => x.msgId === q.msgId, 'delete at Bob');
    const delC = next(c, 'delete', (x) => x.msgId === q.msgId, 'delete at Cyd');
    await roomA.delete(q.msgId);
    await Promise.all([delB, delC]);
    for (const room of [roomA, roomB, roomC]) {
      const page = await room.history();
      assert.deepEqual(
        page.messages.map((m) => [m.text, m.deleted, m.reactions.length]),
        [
          ['ship it', false, 0],
          ['', true, 0],
        ],
      );
    }
    // Typing went as a relay signal and typing is never in the history; the stream keeps working afterwards.
    const last = next(a, 'message', (m) => m.text === 'still fine', 'after typing');
    await roomC.send('still fine');
    await last;
    await Promise.all([a.close(), b.close(), c.close()]);
  });
});
