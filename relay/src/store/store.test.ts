import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startRedis, type TestRedis } from '../testing/redis-server.js';
import { EmbeddedStore } from './embedded/index.js';
import { openSqlite } from './embedded/sqlite.js';
import { MemoryStore } from './memory/index.js';
import { RedisStore } from './redis/index.js';
import { BEHAVIOR_LIMITS, storeBehavior } from './store.behavior.js';

const dirs: string[] = [];
let redis: TestRedis;
let dbIndex = 0;

before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

storeBehavior('memory', async () => new MemoryStore(BEHAVIOR_LIMITS));
storeBehavior('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-store-'));
  dirs.push(dir);
  return new EmbeddedStore(dir, BEHAVIOR_LIMITS);
});
storeBehavior('embedded (sync normal)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-store-'));
  dirs.push(dir);
  return new EmbeddedStore(dir, BEHAVIOR_LIMITS, { sync: 'normal' });
});
storeBehavior('redis', async () => new RedisStore(`${redis.url}/${dbIndex++ % 16}`, BEHAVIOR_LIMITS));

test('embedded: what was committed is there after reopening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-store-'));
  dirs.push(dir);
  const a = new EmbeddedStore(dir);
  await a.openRoom('room-1-aaaaaaaaaaaaaaaaaaaaa', 60_000, undefined, Date.now());
  const r = await a.append(
    'room-1-aaaaaaaaaaaaaaaaaaaaa',
    { msgId: 'm', epoch: 0, ct: 'abc', hs: false },
    Date.now(),
  );
  assert.equal(r.kind, 'stored');
  await a.close();
  const b = new EmbeddedStore(dir);
  const got = await b.range('room-1-aaaaaaaaaaaaaaaaaaaaa', 0, 10);
  assert.equal(got[0]?.ct, 'abc');
  await b.close();
});

test('embedded: a database from before disappearing messages is migrated and keeps its history', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-store-'));
  dirs.push(dir);
  const room = 'room-2-aaaaaaaaaaaaaaaaaaaaa';
  const now = Date.now();
  // The v1 layout of the messages table (no `exp` column), with one message in it.
  const old = openSqlite(join(dir, 'relay.db'));
  old.exec(`CREATE TABLE messages (
    room TEXT NOT NULL, off INTEGER NOT NULL, msg_id TEXT NOT NULL, epoch INTEGER NOT NULL, ct TEXT NOT NULL,
    hs INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (room, off)) WITHOUT ROWID`);
  old.exec(`CREATE TABLE rooms (room TEXT PRIMARY KEY, epoch TEXT NOT NULL, next INTEGER NOT NULL,
    first INTEGER NOT NULL, mls INTEGER NOT NULL, owner TEXT, ttl INTEGER NOT NULL, expires INTEGER NOT NULL)
    WITHOUT ROWID`);
  old.prepare('INSERT INTO rooms VALUES (?, ?, 1, 0, 0, NULL, 60000, ?)').run(room, 'e1', now + 60_000);
  old.prepare('INSERT INTO messages VALUES (?, 0, ?, 0, ?, 0, ?)').run(room, 'm', 'old-ct', now);
  old.close();
  const s = new EmbeddedStore(dir);
  assert.deepEqual(
    (await s.range(room, 0, 10)).map((m) => [m.ct, m.exp]),
    [['old-ct', undefined]],
  );
  const r = await s.append(room, { msgId: 'n', epoch: 0, ct: 'new-ct', hs: false, exp: now + 1 }, now);
  assert.equal(r.kind === 'stored' && r.message.offset, 1);
  await s.sweep(now + 2);
  assert.deepEqual(
    (await s.range(room, 0, 10)).map((m) => m.ct),
    ['old-ct'],
  );
  await s.close();
});

test('embedded: synchronous is FULL by default and NORMAL only when asked', async () => {
  for (const sync of [undefined, 'full', 'normal'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'cryptalk-store-'));
    dirs.push(dir);
    const s = new EmbeddedStore(dir, {}, sync === undefined ? {} : { sync });
    assert.equal(s.sync, sync ?? 'full', `sync option ${sync}`);
    await s.close();
  }
});

test('embedded: mailbox receipts join the group commit of the appends and see the appends queued before them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-store-'));
  dirs.push(dir);
  const s = new EmbeddedStore(dir);
  const room = 'room-3-aaaaaaaaaaaaaaaaaaaaa';
  const now = Date.now();
  await s.openRoom(room, 60_000, undefined, now);
  await s.advanceMailbox(room, 'bob', 0, now);
  let commits = 0;
  const inner = s as unknown as { tx: <T>(fn: () => T) => T };
  const tx = inner.tx.bind(s);
  inner.tx = (fn) => {
    commits++;
    return tx(fn);
  };
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < 3; i++)
    writes.push(s.append(room, { msgId: `m${i}`, epoch: 0, ct: 'ct', hs: false }, now));
  // a receipt up to offset 3 (all three): clamped to the room's next offset, which includes the queued appends
  writes.push(s.advanceMailbox(room, 'bob', 3, now));
  writes.push(s.append(room, { msgId: 'm3', epoch: 0, ct: 'ct', hs: false }, now));
  await Promise.all(writes);
  assert.equal(commits, 1, 'one COMMIT for four appends and a receipt');
  assert.equal(await s.mailboxCursor(room, 'bob', now), 3);
  assert.equal(await s.mailboxSize(room, 'bob', now), 1);
  await s.close();
});
