import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countingStore } from '../../test/helpers/stores.js';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import type { ChatMessage, CrypTalkClient, Room } from './index.js';
import { decodeOutboxPayload, encodeOutboxPayload } from './outbox/index.js';
import { decodePendingRecord } from './rooms/index.js';
import { createMemoryEngineData, type MessageRecord, openMemoryStore, type Store } from './store/index.js';

const relay = useTestRelay();
const open = clientOpener(relay, { reconnect: false });

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited >= ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function directPair(a: CrypTalkClient, b: CrypTalkClient): Promise<Room> {
  const room = await a.createDirectRoom();
  await b.joinByLink(await room.invite());
  await until(() => room.ready, '1:1 ready');
  await new Promise((r) => setTimeout(r, 200)); // profiles settle
  return room;
}

/** The sender's stored records of messages whose text starts with `prefix`, by text. */
async function storedOwn(store: Store, roomId: string, prefix: string): Promise<Map<string, MessageRecord>> {
  const page = await store.messages.page(roomId, { direction: 'backward', limit: 1000 });
  return new Map(page.messages.filter((m) => m.text.startsWith(prefix)).map((m) => [m.text, m]));
}

/**
 * Ada (on a sealed memory store that can be reopened from `data` and `rawKey`) and Bob in a 1:1 room, Ada then
 * disconnected: what she sends next waits in her outbox. Both clients are closed again if the setup fails.
 */
async function offlineDirectPair(keyByte: number) {
  const data = createMemoryEngineData();
  const rawKey = new Uint8Array(32).fill(keyByte);
  const a = await open('Ada', { store: await openMemoryStore({ data, rawKey }) });
  const b = await open('Bob');
  try {
    const room = await directPair(a, b);
    a.disconnect();
    await until(() => a.connectionState !== 'connected', 'the disconnect');
    return { data, rawKey, a, b, room };
  } catch (e) {
    await a.close();
    await b.close();
    throw e;
  }
}

describe('own messages carried by the outbox record (stored once, at the ack)', () => {
  test('each sent message is written to the history once, with its relay offset', async () => {
    const { store, writes } = countingStore(await openMemoryStore());
    const a = await open('Ada', { store });
    const b = await open('Bob');
    try {
      const room = await directPair(a, b);
      const got: ChatMessage[] = [];
      b.on('message', (m) => got.push(m));
      const sent = await Promise.all(Array.from({ length: 40 }, (_, i) => room.send(`m ${i}`)));
      await until(() => got.length === 40, 'the messages');
      await new Promise((r) => setTimeout(r, 300)); // acks settle
      for (const m of sent) assert.equal(writes.get(m.msgId), 1, `${m.text} written once`);
      const stored = await storedOwn(store, room.id, 'm ');
      assert.equal(stored.size, 40);
      for (const m of stored.values()) assert.ok(m.offset >= 0, `${m.text} has its offset`);
      assert.equal(await store.outbox.count(), 0);
      const history = await room.history({ limit: 100 });
      const own = history.messages.filter((m) => m.text.startsWith('m '));
      assert.equal(own.length, 40);
      for (const m of own) assert.ok(m.offset >= 0, `${m.text} shows its offset`);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('queued offline, restarted: shown from the outbox, then sent once and stored once with offsets', async () => {
    const { data, rawKey, a, b, room } = await offlineDirectPair(5);
    let a2: CrypTalkClient | undefined;
    try {
      for (let i = 0; i < 5; i++) assert.equal((await room.send(`q ${i}`)).offset, -1, 'queued offline');
      const storeA = (a as unknown as { store: Store }).store;
      assert.equal((await storedOwn(storeA, room.id, 'q ')).size, 0, 'not in the history table yet');
      const queued = await storeA.outbox.list();
      assert.equal(queued.length, 5);
      for (const r of queued) {
        const local = decodeOutboxPayload(r.payload).local;
        assert.ok(local, 'the outbox record carries the local record');
        assert.equal(decodePendingRecord(r.roomId, r.msgId, local)?.offset, -1);
      }
      await a.close();

      const got: ChatMessage[] = [];
      b.on('message', (m) => got.push(m));
      const { store: counted, writes } = countingStore(await openMemoryStore({ data, rawKey }));
      a2 = await open('Ada', { store: counted, connect: false });
      const room2 = a2.room(room.id);
      assert.ok(room2);
      const before = (await room2.history({ limit: 100 })).messages.filter((m) => m.text.startsWith('q '));
      // (messages sent in the same millisecond and not acked yet are ordered by id: compare as a set)
      assert.deepEqual(
        before.map((m) => [m.text, m.offset]).sort(),
        [0, 1, 2, 3, 4].map((i) => [`q ${i}`, -1]),
        'the history shows the queued messages after the restart',
      );
      await a2.connect();
      await until(() => got.length === 5, 'the queued messages');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(
        got.map((m) => m.text),
        [0, 1, 2, 3, 4].map((i) => `q ${i}`),
        'each delivered once, in order',
      );
      const stored = await storedOwn(counted, room.id, 'q ');
      assert.equal(stored.size, 5);
      for (const m of stored.values()) {
        assert.ok(m.offset >= 0, `${m.text} has its offset`);
        assert.equal(writes.get(m.msgId), 1, `${m.text} written once`);
      }
      const after = (await room2.history({ limit: 100 })).messages.filter((m) => m.text.startsWith('q '));
      assert.equal(after.length, 5);
      for (const m of after) assert.ok(m.offset >= 0, `${m.text} shows its offset`);
    } finally {
      await a2?.close();
      await b.close();
    }
  });

  test('a disconnect in the middle of a burst loses nothing and stores nothing twice', async () => {
    const { store, writes } = countingStore(await openMemoryStore());
    const a = await open('Ada', { store });
    const b = await open('Bob');
    try {
      const room = await directPair(a, b);
      const got: ChatMessage[] = [];
      b.on('message', (m) => got.push(m));
      const acked: string[] = [];
      const sends = Array.from({ length: 200 }, (_, i) =>
        room.send(`burst ${i}`).then((m) => (m.offset >= 0 ? acked.push(m.msgId) : undefined)),
      );
      await until(() => acked.length >= 20, 'the first acks');
      a.disconnect(); // mid-batch: some acked, some in flight, some queued
      await Promise.all(sends);
      await a.connect();
      await until(() => got.filter((m) => m.text.startsWith('burst ')).length >= 200, 'every message');
      await new Promise((r) => setTimeout(r, 400));
      const texts = got.map((m) => m.text).filter((t) => t.startsWith('burst '));
      assert.equal(new Set(texts).size, 200, 'nothing lost');
      assert.equal(texts.length, 200, 'nothing delivered twice');
      const stored = await storedOwn(store, room.id, 'burst ');
      assert.equal(stored.size, 200);
      for (const m of stored.values()) {
        assert.ok(m.offset >= 0, `${m.text} has its offset`);
        assert.equal(writes.get(m.msgId), 1, `${m.text} written once`);
      }
      assert.equal(await store.outbox.count(), 0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('outbox records of the previous build (no carried record, the message stored at send) still work', async () => {
    const { data, rawKey, a, b, room } = await offlineDirectPair(6);
    let a2: CrypTalkClient | undefined;
    try {
      for (let i = 0; i < 3; i++) await room.send(`old ${i}`);
      await a.close();
      // Rewrite the store as the previous build left it: the message record stored at send (offset −1), the
      // outbox payload in form 0 (epoch and body only).
      const old = await openMemoryStore({ data, rawKey });
      for (const r of await old.outbox.list()) {
        const p = decodeOutboxPayload(r.payload);
        const local = decodePendingRecord(r.roomId, r.msgId, p.local as Uint8Array) as MessageRecord;
        await old.messages.put(local);
        const payload = encodeOutboxPayload({ epoch: p.epoch, body: p.body });
        assert.equal(payload[0], 0, 'form 0');
        await old.outbox.update({ ...r, payload });
      }
      await old.close();

      const got: ChatMessage[] = [];
      b.on('message', (m) => got.push(m));
      const store2 = await openMemoryStore({ data, rawKey });
      a2 = await open('Ada', { store: store2 });
      await until(() => got.length === 3, 'the old queued messages');
      await new Promise((r) => setTimeout(r, 400));
      assert.deepEqual(
        got.map((m) => m.text),
        ['old 0', 'old 1', 'old 2'],
      );
      const stored = await storedOwn(store2, room.id, 'old ');
      assert.equal(stored.size, 3);
      for (const m of stored.values()) assert.ok(m.offset >= 0, `${m.text} got its offset`);
    } finally {
      await a2?.close();
      await b.close();
    }
  });

  test('a message deleted before it ever left is withdrawn with its edit and reaction: nobody receives it or a delete, nothing of it is stored', async () => {
    const { store: storeA, written } = countingStore(await openMemoryStore());
    const a = await open('Ada', { store: storeA });
    const b = await open('Bob');
    try {
      const room = await directPair(a, b);
      const first = await room.send('before going offline');
      assert.ok(first.offset >= 0);
      a.disconnect();
      await until(() => a.connectionState !== 'connected', 'the disconnect');
      const got: ChatMessage[] = [];
      const deleted: string[] = [];
      b.on('message', (m) => got.push(m));
      b.on('delete', (e) => deleted.push(e.msgId));
      const sent = await room.send('words to take back');
      assert.equal(sent.offset, -1, 'queued offline');
      await room.edit(sent.msgId, 'words to take back, edited');
      await room.react(sent.msgId, '👍');
      const kept = await room.send('words to keep');
      assert.equal(await storeA.outbox.count(), 4);
      await room.delete(sent.msgId);
      assert.equal(room.message(sent.msgId), undefined, 'gone from the history, no tombstone');
      assert.equal(await storeA.outbox.count(), 1, 'the message, its edit and its reaction left the outbox');
      await assert.rejects(room.delete(sent.msgId), { code: 'CLIENT_INVALID_ARGUMENT' });
      // An edit asked for after the delete, while it runs: refused, never queued.
      const second = await room.send('more words to take back');
      const deleting = room.delete(second.msgId);
      const editing = room.edit(second.msgId, 'an edit that must not leave');
      await deleting;
      await assert.rejects(editing, { code: 'CLIENT_INVALID_ARGUMENT' });
      assert.equal(await storeA.outbox.count(), 1, 'only the kept message waits');
      await a.connect();
      await until(() => got.some((m) => m.text === 'words to keep'), 'the queued message delivered');
      const after = await room.send('after the reconnect');
      await until(() => got.some((m) => m.text === 'after the reconnect'), 'the next message');
      // Bob's ratchet skipped the withdrawn messages' keys; he saw none of them, nor a delete.
      assert.deepEqual(
        got.map((m) => m.text),
        ['words to keep', 'after the reconnect'],
      );
      assert.deepEqual(deleted, []);
      const bobRoom = b.room(room.id);
      assert.equal(bobRoom?.message(sent.msgId), undefined);
      assert.equal(bobRoom?.message(kept.msgId)?.text, 'words to keep');
      await until(() => (room.message(after.msgId)?.offset ?? -1) >= 0, 'the acks');
      await new Promise((r) => setTimeout(r, 300)); // the ack's persist
      assert.equal(await storeA.messages.get(sent.msgId), undefined, 'nothing of it at rest');
      assert.equal(await storeA.outbox.count(), 0);
      const history = await room.history({ limit: 50 });
      assert.deepEqual(history.messages.map((m) => m.text).sort(), [
        'after the reconnect',
        'before going offline',
        'words to keep',
      ]);
      assert.ok(!written.some((r) => r.text.includes('take back')), 'its text was never written');
      assert.ok(!written.some((r) => r.text.includes('must not leave')), 'nor the refused edit');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('in a group room too: a withdrawn message leaves a gap in the sender chain the others pass over', async () => {
    const a = await open('Ada');
    const b = await open('Bob');
    try {
      const roomA = await a.createRoom();
      const roomB = await b.joinByLink(await roomA.invite());
      await until(() => roomB.ready && roomA.members().length === 2, 'Bob joined');
      a.disconnect();
      await until(() => a.connectionState !== 'connected', 'the disconnect');
      const got: string[] = [];
      b.on('message', (m) => got.push(m.text));
      const gone = await roomA.send('not for anyone');
      await roomA.send('one');
      await roomA.delete(gone.msgId);
      assert.equal(roomA.message(gone.msgId), undefined);
      await a.connect();
      await roomA.send('two');
      await until(() => got.includes('two'), 'the messages after the gap');
      assert.deepEqual(got, ['one', 'two']);
      assert.equal(roomB.message(gone.msgId), undefined);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a queued message restored after a restart may have left: deleting it sends a delete, and its text never reaches the history', async () => {
    const { data, rawKey, a, b, room } = await offlineDirectPair(6);
    let a2: CrypTalkClient | undefined;
    try {
      const sent = await room.send('words to take back');
      const kept = await room.send('words to keep');
      assert.equal(sent.offset, -1, 'queued offline');
      await a.close();
      const got: ChatMessage[] = [];
      const deleted: string[] = [];
      b.on('message', (m) => got.push(m));
      b.on('delete', (e) => deleted.push(e.msgId));
      const { store: storeA, written } = countingStore(await openMemoryStore({ data, rawKey }));
      a2 = await open('Ada', { store: storeA, connect: false });
      const room2 = a2.room(room.id);
      assert.ok(room2);
      await room2.delete(sent.msgId);
      assert.equal(room2.message(sent.msgId)?.deleted, true, 'a tombstone: a delete follows it');
      await a2.connect();
      await until(() => deleted.includes(sent.msgId), 'the delete');
      await until(() => (room2.message(kept.msgId)?.offset ?? -1) >= 0, 'the acks');
      await new Promise((r) => setTimeout(r, 300)); // the ack's persist
      assert.equal(b.room(room.id)?.message(sent.msgId)?.deleted, true, 'deleted for Bob too');
      const rec = await storeA.messages.get(sent.msgId);
      assert.ok(rec && rec.offset >= 0, 'the tombstone has its offset');
      assert.equal(rec.text, '', 'no text at rest');
      const bytes = (rec.data as { bytes?: Uint8Array }).bytes;
      assert.ok(bytes && !Buffer.from(bytes).includes('take back'), 'nor in its encoded message');
      assert.equal((await storeA.messages.get(kept.msgId))?.text, 'words to keep');
      const ofDeleted = written.filter((r) => r.msgId === sent.msgId);
      assert.ok(ofDeleted.length > 0);
      for (const r of ofDeleted)
        assert.equal(r.text, '', 'no write of the deleted message ever held its text');
    } finally {
      await a2?.close();
      await b.close();
    }
  });
});
