import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import WebSocket from 'ws';
import { type ChatMessage, type ClientError, CrypTalkClient, type MemberEvent, type Room } from './index.js';
import type { Store } from './store/index.js';
import { openNodeFileStore } from './store/node/index.js';

let relay: Relay;
let dir: string;
before(async () => {
  relay = await createRelay({
    port: 0,
    lookupsPerMinute: 10_000,
    connFramesPerSec: 10_000,
    connFramesBurst: 10_000,
  });
  dir = await mkdtemp(join(tmpdir(), 'cryptalk-client-'));
});
after(async () => {
  await relay.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every frame each client sent to the relay and received from it, for the "no plaintext" test. */
const frames: string[] = [];

/** A `ws` WebSocket that records every frame in both directions (what the relay receives and sends). */
class RecordingWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    this.addEventListener('message', (ev) => frames.push(String(ev.data)));
  }
  override send(data: unknown, ...rest: never[]): void {
    frames.push(String(data));
    (super.send as (d: unknown, ...r: never[]) => void)(data, ...rest);
  }
}

const WEAK_KDF = { kind: 'scrypt', N: 1024, r: 8, p: 1 } as const;

function open(displayName: string, store?: Store): Promise<CrypTalkClient> {
  return CrypTalkClient.open({
    relay: relay.url,
    WebSocket: RecordingWebSocket as never,
    displayName,
    joinTimeoutMs: 15_000,
    ...(store ? { store } : {}),
  });
}

function fileStore(name: string, passphrase = 'correct horse battery staple'): Promise<Store> {
  return openNodeFileStore({
    dir: join(dir, name),
    passphrase,
    kdf: WEAK_KDF,
    allowWeakKdf: true,
    sweepIntervalMs: 0,
  });
}

/** Resolves with the first `message` event matching `pred`, or rejects after 10 s naming what it waited for. */
function nextMessage(
  c: CrypTalkClient,
  pred: (m: ChatMessage) => boolean,
  what: string,
): Promise<ChatMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, 10_000);
    const off = c.on('message', (m) => {
      if (pred(m)) {
        clearTimeout(timer);
        off();
        resolve(m);
      }
    });
  });
}

/** Waits (bounded) until `check` holds. */
async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited >= ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const texts = (ms: ChatMessage[]) => ms.map((m) => m.text);

describe('group rooms on MLS', () => {
  test('five clients: join by link concurrently, everyone reads everyone, names travel in profiles, a leave removes', async () => {
    const names = ['Ada', 'Bob', 'Cyd', 'Dee', 'Eve'];
    const clients = await Promise.all(names.map((n) => open(n)));
    const [a, ...others] = clients as [CrypTalkClient, ...CrypTalkClient[]];
    const inbox = new Map<CrypTalkClient, ChatMessage[]>(clients.map((c) => [c, []]));
    for (const c of clients) c.on('message', (m) => inbox.get(c)?.push(m));
    const roomA = await a.createRoom({ name: 'five' });
    const link = await roomA.invite({ ttlSeconds: 600 });
    const rooms: Room[] = [roomA, ...(await Promise.all(others.map((c) => c.joinByLink(link))))];
    await until(() => rooms.every((r) => r.members().length === 5), 'all five members everywhere');
    await until(
      () => rooms.every((r) => r.members().every((m) => m.displayName !== undefined)),
      'every display name everywhere',
    );
    assert.deepEqual(
      rooms[1]
        ?.members()
        .map((m) => m.displayName)
        .sort(),
      [...names].sort(),
    );
    await Promise.all(rooms.map((r, i) => r.send(`message from ${names[i]}`)));
    await until(() => clients.every((c) => (inbox.get(c)?.length ?? 0) >= 4), 'four messages at each client');
    for (const [i, c] of clients.entries()) {
      const got = inbox.get(c) ?? [];
      assert.deepEqual(
        texts(got).sort(),
        names
          .filter((_, j) => j !== i)
          .map((n) => `message from ${n}`)
          .sort(),
        `client ${names[i]} read the others`,
      );
      for (const m of got) {
        assert.equal(m.author.displayName, m.text.slice('message from '.length), 'author is authenticated');
        assert.equal(m.own, false);
      }
    }
    // Eve leaves: a member commits her removal; she no longer receives.
    const eve = clients[4] as CrypTalkClient;
    const left = new Promise<MemberEvent>((resolve) =>
      a.on('member', (e) => {
        if (e.kind === 'left') resolve(e);
      }),
    );
    await rooms[4]?.leave();
    assert.equal((await left).member.id, eve.id);
    await until(
      () => rooms.slice(0, 4).every((r) => r.members().length === 4),
      'four members after the leave',
    );
    const eveBefore = inbox.get(eve)?.length;
    const bobGot = nextMessage(clients[1] as CrypTalkClient, (m) => m.text === 'after eve', 'after eve');
    await roomA.send('after eve');
    await bobGot;
    assert.equal(inbox.get(eve)?.length, eveBefore);
    assert.equal(eve.room(roomA.id), undefined);
    await Promise.all(clients.map((c) => c.close()));
  });

  test('an expired or malformed invite is refused with a typed error', async () => {
    const a = await open('Ada');
    const room = await a.createRoom();
    const link = await room.invite({ ttlSeconds: 1 });
    const b = await open('Bob');
    const expired = link.replace(/\.[0-9a-z]+$/, `.${Math.floor(Date.now() / 1000 - 10).toString(36)}`);
    await assert.rejects(b.joinByLink(expired), { code: 'CLIENT_INVITE_EXPIRED' });
    await assert.rejects(b.joinByLink('https://x.example/#ct1.g.short'), { code: 'CLIENT_BAD_INVITE' });
    await assert.rejects(room.invite({ ttlSeconds: 0 }), { code: 'CLIENT_INVALID_ARGUMENT' });
    await Promise.all([a.close(), b.close()]);
  });

  test('a wrong invite secret is never admitted (join times out)', async () => {
    const a = await CrypTalkClient.open({ relay: relay.url, WebSocket: RecordingWebSocket as never });
    const room = await a.createRoom();
    const link = await room.invite();
    const b = await CrypTalkClient.open({
      relay: relay.url,
      WebSocket: RecordingWebSocket as never,
      joinTimeoutMs: 1500,
    });
    const [base, fragment] = link.split('#') as [string, string];
    const parts = fragment.split('.');
    parts[4] = 'A'.repeat(43); // another secret
    await assert.rejects(b.joinByLink(`${base}#${parts.join('.')}`), { code: 'CLIENT_JOIN_TIMEOUT' });
    assert.equal(room.members().length, 1);
    await Promise.all([a.close(), b.close()]);
  });

  test('the creator destroys the room for everyone', async () => {
    const [a, b] = await Promise.all([open('Ada'), open('Bob')]);
    const roomA = await a.createRoom();
    const roomB = await b.joinByLink(await roomA.invite());
    await assert.rejects(roomB.destroy(), (e: ClientError) => e.relayCode === 'RELAY_NOT_OWNER');
    const gone = new Promise((resolve) => b.on('room', (e) => e.kind === 'destroyed' && resolve(e.room)));
    await roomA.destroy();
    assert.equal(await gone, roomA.id);
    await until(() => b.room(roomA.id) === undefined, 'room forgotten');
    assert.deepEqual(a.rooms(), []);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('1:1 rooms on PQXDH + Double Ratchet', () => {
  test('two clients: invite, join, talk both ways, equal safety numbers', async () => {
    const [a, b] = await Promise.all([open('Ada'), open('Bob')]);
    const roomA = await a.createDirectRoom({ name: 'dm' });
    assert.equal(roomA.ready, false);
    await assert.rejects(roomA.send('too early'), { code: 'CLIENT_PEER_NOT_READY' });
    const link = await roomA.invite();
    assert.match(link, /#ct1\.d\./);
    const joined = new Promise<MemberEvent>((resolve) =>
      a.on('member', (e) => e.kind === 'joined' && resolve(e)),
    );
    const roomB = await b.joinByLink(link);
    assert.equal((await joined).member.id, b.id);
    const got = nextMessage(b, () => true, 'first message at Bob');
    await roomA.send('hello bob');
    assert.equal((await got).text, 'hello bob');
    for (let i = 0; i < 5; i++) {
      const back = nextMessage(a, (m) => m.text === `reply ${i}`, `reply ${i}`);
      await roomB.send(`reply ${i}`);
      const m = await back;
      assert.equal(m.author.id, b.id);
      assert.equal(m.author.displayName, 'Bob');
    }
    const bytes = Uint8Array.from([0, 1, 2, 255]);
    const content = nextMessage(a, (m) => m.type === 'content', 'content bytes');
    await roomB.sendContent(bytes);
    assert.deepEqual((await content).content, bytes);
    const snA = roomA.safetyNumber(b.id);
    const snB = roomB.safetyNumber(a.id);
    assert.equal(snA.display, snB.display);
    assert.throws(() => roomA.safetyNumber(a.id), { code: 'CLIENT_UNKNOWN_MEMBER' });
    assert.deepEqual(
      roomB
        .members()
        .map((m) => m.displayName)
        .sort(),
      ['Ada', 'Bob'],
    );
    const page = await roomA.history({ limit: 3 });
    assert.deepEqual(
      page.messages.map((m) => (m.type === 'text' ? m.text : 'bytes')),
      ['bytes', 'reply 4', 'reply 3'],
    );
    const older = await roomA.history({
      limit: 10,
      ...(page.next === undefined ? {} : { before: page.next }),
    });
    assert.deepEqual(texts(older.messages), ['reply 2', 'reply 1', 'reply 0', 'hello bob']);
    // A second person using the same link cannot take over the room: nothing of theirs reaches Ada.
    const c = await open('Mallory');
    const errors: Error[] = [];
    a.on('error', (e) => errors.push(e));
    const roomC = await c.joinByLink(link);
    await roomC.send('let me in').catch(() => undefined);
    const last = nextMessage(a, (m) => m.text === 'still just us', 'still just us');
    await roomB.send('still just us');
    await last;
    assert.equal(
      (await roomA.history({ limit: 50 })).messages.some((m) => m.text === 'let me in'),
      false,
    );
    assert.deepEqual(
      roomA
        .members()
        .map((m) => m.id)
        .sort(),
      [a.id, b.id].sort(),
    );
    await Promise.all([a.close(), b.close(), c.close()]);
  });
});

describe('encrypted store', () => {
  test('a client closed and reopened from its Node file store carries on its group and 1:1 sessions', async () => {
    let a = await open('Ada', await fileStore('ada'));
    const b = await open('Bob');
    const id = a.id;
    const group = await a.createRoom({ name: 'g' });
    const groupB = await b.joinByLink(await group.invite());
    const direct = await a.createDirectRoom();
    const directB = await b.joinByLink(await direct.invite());
    await until(() => direct.ready, 'direct room ready');
    const warm = nextMessage(a, (m) => m.text === 'warm', 'warm');
    await directB.send('warm');
    await warm;
    await a.close();
    const storeA = (a as unknown as { store: Store }).store;
    await storeA.close();
    // While Ada is away.
    await groupB.send('while away 1');
    await directB.send('while away 2');
    const store = await fileStore('ada');
    const seen: string[] = [];
    a = await CrypTalkClient.open({
      relay: relay.url,
      WebSocket: RecordingWebSocket as never,
      store,
      connect: false,
    });
    a.on('message', (m) => seen.push(m.text));
    assert.equal(a.id, id);
    assert.equal(a.displayName, 'Ada');
    assert.deepEqual(
      a
        .rooms()
        .map((r) => r.kind)
        .sort(),
      ['direct', 'group'],
    );
    await a.connect();
    await until(() => seen.length >= 2, 'the messages sent while away');
    assert.deepEqual(seen.sort(), ['while away 1', 'while away 2']);
    const g2 = a.room(group.id) as Room;
    const d2 = a.room(direct.id) as Room;
    const inGroup = nextMessage(b, (m) => m.text === 'back in group', 'group after restart');
    await g2.send('back in group');
    await inGroup;
    const inDirect = nextMessage(b, (m) => m.text === 'back in 1:1', '1:1 after restart');
    await d2.send('back in 1:1');
    await inDirect;
    assert.deepEqual(texts((await d2.history()).messages), ['back in 1:1', 'while away 2', 'warm']);
    await a.close();
    await store.close();
    await b.close();
  });

  test('a wrong passphrase fails with a typed error', async () => {
    const store = await fileStore('locked', 'right one');
    const c = await CrypTalkClient.open({ relay: relay.url, store, connect: false });
    await c.close();
    await store.close();
    await assert.rejects(fileStore('locked', 'wrong one'), {
      name: 'StoreError',
      code: 'STORE_WRONG_PASSPHRASE',
    });
    const again = await fileStore('locked', 'right one');
    await assert.rejects(CrypTalkClient.create({ relay: relay.url, store: again, connect: false }), {
      code: 'CLIENT_INVALID_ARGUMENT',
    });
    await again.close();
  });
});

describe('the relay never sees plaintext', () => {
  test('no plaintext or display name in any frame, raw or base64/base64url', async () => {
    frames.length = 0;
    const secretNames = ['Zanzibar Quokka', 'Xylophone Narwhal', 'Quintessa Vole'];
    const secrets = [
      'the eagle lands at midnight',
      'Ünïcödé payload ✓ with emoji 🦊',
      'pay 42 coins to the vault',
      'direct: the crown jewels',
      'direct reply: under the mattress',
    ];
    const [a, b, c] = (await Promise.all(secretNames.map((n) => open(n)))) as [
      CrypTalkClient,
      CrypTalkClient,
      CrypTalkClient,
    ];
    const group = await a.createRoom({ name: 'Secret Room Name' });
    const link = await group.invite();
    const gb = await b.joinByLink(link);
    await c.joinByLink(link);
    await until(
      () => group.members().every((m) => m.displayName !== undefined) && group.members().length === 3,
      'names',
    );
    const cGot = nextMessage(c, (m) => m.text === secrets[2], 'last group secret');
    await group.send(secrets[0] as string);
    await gb.send(secrets[1] as string);
    await gb.send(secrets[2] as string);
    await cGot;
    const dm = await a.createDirectRoom();
    const dmB = await b.joinByLink(await dm.invite());
    await until(() => dm.ready, 'dm ready');
    const bGot = nextMessage(b, (m) => m.text === secrets[3], 'dm secret');
    await dm.send(secrets[3] as string);
    await bGot;
    const aGot = nextMessage(a, (m) => m.text === secrets[4], 'dm reply');
    await dmB.send(secrets[4] as string);
    await aGot;
    await Promise.all([a.close(), b.close(), c.close()]);
    assert.ok(frames.length > 40, `recorded ${frames.length} frames`);
    const all = frames.join('\n');
    for (const s of [...secrets, ...secretNames, 'Secret Room Name']) {
      const bytes = Buffer.from(s, 'utf8');
      // Every alignment of base64 (a substring may start at any byte offset mod 3).
      for (const shift of [0, 1, 2]) {
        const part = bytes.subarray(shift, bytes.length - ((bytes.length - shift) % 3));
        for (const enc of ['base64', 'base64url'] as const) {
          const needle = part.toString(enc).replace(/=+$/, '');
          assert.ok(!all.includes(needle), `found "${s}" (${enc}, shift ${shift}) in a frame`);
        }
      }
      assert.ok(!all.includes(s), `found "${s}" in a frame`);
      assert.ok(!all.includes(JSON.stringify(s).slice(1, -1)), `found "${s}" JSON-escaped in a frame`);
    }
  });
});
