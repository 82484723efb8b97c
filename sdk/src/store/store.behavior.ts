/**
 * The behaviour every store must have, written once and run against every engine (CONVENTIONS habit 11):
 * memory and node-file under `node:test`, Dexie/IndexedDB in Chromium (and inside a Worker). It is
 * runner-agnostic: pass a test-registration function and two assertion helpers.
 *
 * @module
 */
import type { RangeQuery, RawRow, StorageEngine } from './engine.js';
import { TABLE_NAMES } from './engine.js';
import { naiveQuery, TABLE_INDEXES } from './engine-model.js';
import { StoreError } from './errors.js';
import { createDatabaseKey, type StoreKeySource } from './key-wrap.js';
import type { Migration } from './migrations.js';
import { RecordSealer } from './record-sealer.js';
import { openSealedStore } from './sealed-store.js';
import type { Store } from './store.js';
import { encodeStoredValue } from './stored-value.js';
import type { MessageRecord } from './types.js';

/** How the suite gets engines. The same `name` must reach the same stored data (to test reopening). */
export interface StoreHarness {
  /** An engine over the database `name` (new, or existing when used before and closed). */
  engine(name: string): Promise<StorageEngine>;
}

/** Registers one test (node:test `test`, mocha `it`, or a collector). */
export type RegisterTest = (name: string, fn: () => Promise<void>) => void;

/** The assertions the suite needs. */
export interface SuiteAssert {
  /** Fails with `message` unless `value` is truthy. */
  ok(value: unknown, message?: string): void;
  /** Fails unless `actual` deeply equals `expected` (Uint8Array-aware). */
  deepEqual(actual: unknown, expected: unknown, message?: string): void;
}

/** Cheap scrypt parameters: the suite opens many stores (never use these for real data). */
export const TEST_KDF = { kind: 'scrypt', N: 2 ** 10, r: 8, p: 1 } as const;

/** A passphrase key source with {@link TEST_KDF}. */
export function testPassphrase(passphrase: string): StoreKeySource {
  return { passphrase, kdf: TEST_KDF, allowWeakKdf: true };
}

let counter = 0;
/** A database name unique to this run. */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

function msg(roomId: string, offset: number, extra: Partial<MessageRecord> = {}): MessageRecord {
  return {
    roomId,
    msgId: `${roomId}-m${offset}`,
    offset,
    sender: 'alice',
    text: `hello ${roomId} number ${offset}`,
    sentAt: 1_700_000_000_000 + offset * 1000,
    ...extra,
  };
}

/**
 * Registers the shared store behaviour tests.
 *
 * @param h - the engine factory.
 * @param test - test registration.
 * @param assert - assertions.
 */
export function storeBehaviorSuite(h: StoreHarness, test: RegisterTest, assert: SuiteAssert): void {
  const PASS = testPassphrase('correct horse battery staple');
  const open = async (name: string, source: StoreKeySource = PASS): Promise<Store> =>
    openSealedStore(await h.engine(name), { ...source, sweepIntervalMs: 0 });

  async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof StoreError, `expected a StoreError, got ${String(e)}`);
      assert.deepEqual((e as StoreError).code, code);
      return;
    }
    assert.ok(false, `expected ${code}, but it resolved`);
  }

  test('round-trips every table', async () => {
    const s = await open(uniqueName('tables'));
    const keys = { ed25519: new Uint8Array([1, 2, 3]), x25519: new Uint8Array(32).fill(7) };
    await s.identity.put({ id: 'device', keys, displayName: 'Alice Liddell', createdAt: 1 });
    await s.sessions.put({ id: 'bob', peer: 'bob-device', state: new Uint8Array([9, 9]), updatedAt: 2 });
    await s.rooms.put({ id: 'room-1', name: 'Tea party', joinedAt: 3, lastOffset: 10 });
    await s.kv.set('settings', { theme: 'dark', n: 3, list: [1, 'two', null], raw: new Uint8Array([4]) });
    await s.attachments.put({
      id: 'att-1',
      roomId: 'room-1',
      msgId: 'm1',
      name: 'cat.png',
      mime: 'image/png',
      size: 10,
      key: new Uint8Array(32).fill(1),
      digest: new Uint8Array(32).fill(2),
      createdAt: 4,
    });
    await s.messageKeys.put({ msgId: 'm1', roomId: 'room-1', key: new Uint8Array(32).fill(3) });
    assert.deepEqual(await s.identity.get('device'), {
      id: 'device',
      keys,
      displayName: 'Alice Liddell',
      createdAt: 1,
    });
    assert.deepEqual((await s.sessions.get('bob'))?.state, new Uint8Array([9, 9]));
    assert.deepEqual(
      (await s.rooms.list()).map((r) => r.name),
      ['Tea party'],
    );
    assert.deepEqual(await s.kv.get('settings'), {
      theme: 'dark',
      n: 3,
      list: [1, 'two', null],
      raw: new Uint8Array([4]),
    });
    assert.deepEqual(
      (await s.attachments.forMessage('m1')).map((a) => a.name),
      ['cat.png'],
    );
    assert.deepEqual((await s.messageKeys.get('m1'))?.key, new Uint8Array(32).fill(3));
    assert.deepEqual(await s.kv.get('missing'), undefined);
    assert.deepEqual(await s.rooms.delete('room-1'), true);
    assert.deepEqual(await s.rooms.delete('room-1'), false);
    assert.deepEqual(await s.rooms.count(), 0);
    await s.close();
  });

  test('pages a room by offset in both directions', async () => {
    const s = await open(uniqueName('paging'));
    const offsets = Array.from({ length: 120 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    await s.messages.putMany(offsets.map((o) => msg('a', o)));
    await s.messages.putMany([msg('b', 1), msg('b', 2)]);
    assert.deepEqual(await s.messages.count('a'), 120);
    assert.deepEqual(await s.messages.count(), 122);
    const seen: number[] = [];
    let after: number | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await s.messages.page('a', { limit: 50, ...(after !== undefined ? { after } : {}) });
      seen.push(...page.messages.map((m) => m.offset));
      if (page.next === undefined) break;
      after = page.next;
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 120 }, (_, i) => i + 1),
    );
    const back = await s.messages.page('a', { direction: 'backward', limit: 3 });
    assert.deepEqual(
      back.messages.map((m) => m.offset),
      [120, 119, 118],
    );
    const back2 = await s.messages.page('a', {
      direction: 'backward',
      limit: 3,
      before: back.next as number,
    });
    assert.deepEqual(
      back2.messages.map((m) => m.offset),
      [117, 116, 115],
    );
    const last = await s.messages.page('b', { after: 1 });
    assert.deepEqual([last.messages.map((m) => m.text), last.next], [['hello b number 2'], undefined]);
    assert.deepEqual(await s.messages.get('a-m7'), msg('a', 7));
    await s.close();
  });

  test('deleting a message deletes its keys and attachments; deleteRoom clears one room', async () => {
    const s = await open(uniqueName('cascade'));
    await s.messages.putMany([msg('r', 1), msg('r', 2), msg('q', 1)]);
    for (const id of ['r-m1', 'r-m2', 'q-m1']) {
      const roomId = id.slice(0, 1);
      await s.messageKeys.put({ msgId: id, roomId, key: new Uint8Array(32) });
      await s.attachments.put({
        id: `att-${id}`,
        roomId,
        msgId: id,
        name: 'f',
        mime: 'text/plain',
        size: 1,
        key: new Uint8Array(32),
        digest: new Uint8Array(32),
        createdAt: 0,
      });
    }
    await s.outbox.enqueue({
      msgId: 'r-out',
      roomId: 'r',
      payload: new Uint8Array([1]),
      createdAt: 0,
      attempts: 0,
    });
    assert.deepEqual(await s.messages.delete('r-m1'), true);
    assert.deepEqual(await s.messageKeys.get('r-m1'), undefined);
    assert.deepEqual(await s.attachments.get('att-r-m1'), undefined);
    assert.ok((await s.messageKeys.get('r-m2')) !== undefined, 'other keys stay');
    assert.deepEqual(await s.messages.deleteRoom('r'), 1);
    assert.deepEqual(
      [
        await s.messages.count(),
        await s.messageKeys.count(),
        await s.attachments.count(),
        await s.outbox.count(),
      ],
      [1, 1, 1, 0],
    );
    await s.close();
  });

  test('outbox keeps enqueue order and positions', async () => {
    const s = await open(uniqueName('outbox'));
    for (const [i, room] of ['x', 'y', 'x'].entries()) {
      await s.outbox.enqueue({
        msgId: `o${i}`,
        roomId: room,
        payload: new Uint8Array([i]),
        createdAt: i,
        attempts: 0,
      });
    }
    assert.deepEqual(
      (await s.outbox.list()).map((o) => [o.msgId, o.seq]),
      [
        ['o0', 1],
        ['o1', 2],
        ['o2', 3],
      ],
    );
    assert.deepEqual(
      (await s.outbox.list('x')).map((o) => o.msgId),
      ['o0', 'o2'],
    );
    const first = (await s.outbox.get('o0')) as NonNullable<Awaited<ReturnType<typeof s.outbox.get>>>;
    await s.outbox.update({ ...first, attempts: 2 });
    assert.deepEqual((await s.outbox.list(undefined, 1))[0], { ...first, attempts: 2 });
    assert.deepEqual(await s.outbox.remove('o0'), true);
    assert.deepEqual(await s.outbox.remove('o0'), false);
    const next = await s.outbox.enqueue({
      msgId: 'o9',
      roomId: 'x',
      payload: new Uint8Array(),
      createdAt: 9,
      attempts: 0,
    });
    assert.deepEqual(next.seq, 4);
    await s.close();
  });

  test('a transaction commits all or nothing', async () => {
    const s = await open(uniqueName('tx'));
    await s.transaction(async (tx) => {
      await tx.kv.set('a', 1);
      await tx.messages.put(msg('t', 1));
      assert.deepEqual(await tx.kv.get('a'), 1, 'reads its own writes');
    });
    await expectCode(
      s.transaction(async (tx) => {
        await tx.kv.set('a', 2);
        await tx.kv.set('b', 2);
        await tx.messages.put(msg('t', 2));
        throw StoreError.invalidRecord('kv', 'boom');
      }),
      'STORE_INVALID_RECORD',
    );
    assert.deepEqual(
      [await s.kv.get('a'), await s.kv.get('b'), await s.messages.count('t')],
      [1, undefined, 1],
    );
    await s.close();
  });

  test('concurrent writes are batched: all land in call order, a failing one alone is rolled back', async () => {
    const s = await open(uniqueName('batch'));
    const puts = Array.from({ length: 120 }, (_, i) => s.messages.put(msg('b', i)));
    const set = s.kv.set('k', 'first');
    const failing = s.transaction(async (tx) => {
      await tx.kv.set('k', 'from the failed transaction');
      await tx.messages.put(msg('b', 999));
      throw StoreError.invalidRecord('kv', 'boom');
    });
    const after = s.transaction(async (tx) => {
      assert.deepEqual(
        await tx.kv.get('k'),
        'first',
        'sees the earlier write of its batch, not the failed one',
      );
      await tx.kv.set('k', 'second');
    });
    // a read issued after the writes sees them
    const read = s.messages.count('b');
    await expectCode(failing, 'STORE_INVALID_RECORD');
    await Promise.all([...puts, set, after]);
    assert.deepEqual(await read, 120);
    assert.deepEqual(await s.kv.get('k'), 'second');
    assert.deepEqual(await s.messages.get(msg('b', 999).msgId), undefined);
    const page = await s.messages.page('b', { limit: 500 });
    assert.deepEqual(
      page.messages.map((m) => m.offset),
      Array.from({ length: 120 }, (_, i) => i),
    );
    await s.close();
  });

  test('reopens with the passphrase; a wrong one is a typed error; the key can change', async () => {
    const name = uniqueName('reopen');
    const s = await open(name);
    await s.messages.put(msg('r', 1));
    await s.close();
    await expectCode(open(name, testPassphrase('wrong')), 'STORE_WRONG_PASSPHRASE');
    await expectCode(open(name, { rawKey: new Uint8Array(32) }), 'STORE_KEY_SOURCE_MISMATCH');
    const again = await open(name);
    assert.deepEqual(await again.messages.get('r-m1'), msg('r', 1));
    await again.changeKey(testPassphrase('new passphrase'));
    await again.close();
    await expectCode(open(name), 'STORE_WRONG_PASSPHRASE');
    const third = await open(name, testPassphrase('new passphrase'));
    assert.deepEqual(await third.messages.count(), 1);
    await third.close();
    await expectCode(third.kv.get('x'), 'STORE_CLOSED');
  });

  test('the engine holds no plaintext, only sealed bodies and blind indexes', async () => {
    const name = uniqueName('sealed');
    const s = await open(name);
    const secrets = [
      'Attack at dawn',
      'Alice Liddell',
      'secret-room-id',
      'msg-id-123',
      'kv-key-x',
      'cat.png',
    ];
    await s.identity.put({ id: 'device', keys: {}, displayName: 'Alice Liddell', createdAt: 1 });
    await s.rooms.put({ id: 'secret-room-id', name: 'Attack at dawn', joinedAt: 1 });
    await s.messages.put({ ...msg('secret-room-id', 1), msgId: 'msg-id-123', text: 'Attack at dawn' });
    await s.kv.set('kv-key-x', 'Attack at dawn');
    await s.attachments.put({
      id: 'a1',
      roomId: 'secret-room-id',
      name: 'cat.png',
      mime: 'image/png',
      size: 1,
      key: new Uint8Array(32),
      digest: new Uint8Array(32),
      createdAt: 1,
    });
    await s.close();
    const engine = await h.engine(name);
    const dump: string[] = [JSON.stringify(await engine.readMeta())];
    await engine.run('r', async (tx) => {
      for (const t of TABLE_NAMES) {
        for (const row of await tx.all(t)) {
          const { body, ...cols } = row;
          dump.push(JSON.stringify(cols), new TextDecoder().decode(body));
        }
      }
    });
    await engine.close();
    const text = dump.join('\n');
    for (const secret of secrets)
      assert.ok(!text.includes(secret), `found plaintext "${secret}" in the engine`);
    assert.ok(text.length > 500, 'the dump is not empty');
  });

  test('a swapped or edited row fails authentication', async () => {
    const name = uniqueName('tamper');
    const s = await open(name);
    await s.messages.putMany([msg('r', 1), msg('r', 2, { expiresAt: 9e12 })]);
    await s.close();
    const engine = await h.engine(name);
    await engine.run('rw', async (tx) => {
      const rows = await tx.all('messages');
      const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
      await tx.put('messages', [
        { ...a, body: b.body },
        { ...b, exp: 1 },
      ]);
    });
    await engine.close();
    const again = await open(name);
    await expectCode(again.messages.get('r-m1'), 'STORE_CORRUPT');
    await expectCode(again.messages.get('r-m2'), 'STORE_CORRUPT');
    await again.close();
  });

  test('timed deletion removes expired messages, their keys and attachments, and old messages', async () => {
    const s = await open(uniqueName('sweep'));
    const now = 1_800_000_000_000;
    await s.messages.putMany([
      msg('d', 1, { sentAt: now - 10_000, expiresAt: now - 1 }),
      msg('d', 2, { sentAt: now - 10_000, expiresAt: now + 60_000 }),
      msg('d', 3, { sentAt: now - 5 * 86_400_000 }),
      msg('d', 4, { sentAt: now }),
    ]);
    await s.messageKeys.put({ msgId: 'd-m1', roomId: 'd', key: new Uint8Array(32) });
    await s.messageKeys.put({ msgId: 'orphan', roomId: 'd', key: new Uint8Array(32), expiresAt: now - 5 });
    await s.attachments.put({
      id: 'att',
      roomId: 'd',
      msgId: 'd-m1',
      name: 'n',
      mime: 'm',
      size: 1,
      key: new Uint8Array(32),
      digest: new Uint8Array(32),
      createdAt: 0,
    });
    assert.deepEqual(await s.sweep(now), { messages: 1, messageKeys: 2, attachments: 1 });
    assert.deepEqual(
      (await s.messages.page('d')).messages.map((m) => m.offset),
      [2, 3, 4],
    );
    s.setRetention({ maxAgeMs: 86_400_000 });
    assert.deepEqual(await s.sweep(now), { messages: 1, messageKeys: 0, attachments: 0 });
    assert.deepEqual(await s.sweep(now + 120_000), { messages: 1, messageKeys: 0, attachments: 0 });
    assert.deepEqual(
      (await s.messages.page('d')).messages.map((m) => m.offset),
      [4],
    );
    await s.close();
  });

  test('migrates v1 data to v2', async () => {
    const name = uniqueName('migrate');
    const engine = await h.engine(name);
    const { dbKey, header } = await createDatabaseKey(PASS);
    await engine.writeMeta({ format: 'cryptalk-store', schemaVersion: 1, keyHeader: header });
    const sealer = new RecordSealer(dbKey);
    const v1 = (offset: number, disappearAfterMs?: number) => {
      const m = { ...msg('v', offset), ...(disappearAfterMs ? { disappearAfterMs } : {}) };
      const cols = {
        room: sealer.blind('room', 'v'),
        msg: sealer.blind('msg', m.msgId),
        offset,
        ts: m.sentAt,
      };
      return sealer.seal('messages', sealer.blind('msg', m.msgId), cols, encodeStoredValue(m));
    };
    await engine.run('rw', (tx) => tx.put('messages', [v1(1, 60_000), v1(2)]));
    sealer.destroy();
    await engine.close();
    const s = await open(name);
    assert.deepEqual(s.schemaVersion, 2);
    const m1 = await s.messages.get('v-m1');
    assert.deepEqual(m1, { ...msg('v', 1), expiresAt: msg('v', 1).sentAt + 60_000 });
    assert.deepEqual(await s.messages.get('v-m2'), msg('v', 2));
    assert.deepEqual((await s.sweep(msg('v', 1).sentAt + 60_000)).messages, 1);
    await s.close();
    const reopened = await open(name);
    assert.deepEqual([reopened.schemaVersion, await reopened.messages.count()], [2, 1]);
    await reopened.close();
  });

  test('a failing migration leaves the store at its version; a newer schema is refused', async () => {
    const name = uniqueName('migfail');
    const s = await open(name);
    await s.kv.set('k', 'before');
    await s.close();
    const boom: Migration = {
      from: 2,
      to: 3,
      description: 'test step that fails half-way',
      async up(ctx) {
        await ctx.tx.delete(
          'kv',
          (await ctx.tx.all('kv')).map((r) => r.pk),
        );
        throw new Error('half-way');
      },
    };
    await expectCode(
      openSealedStore(await h.engine(name), PASS, { migrations: [boom], targetVersion: 3 }),
      'STORE_MIGRATION_FAILED',
    );
    const after = await open(name);
    assert.deepEqual([after.schemaVersion, await after.kv.get('k')], [2, 'before']);
    await after.close();
    const engine = await h.engine(name);
    const meta = await engine.readMeta();
    if (!meta) throw new Error('no meta');
    await engine.writeMeta({ ...meta, schemaVersion: 99 });
    await engine.close();
    await expectCode(open(name), 'STORE_SCHEMA_TOO_NEW');
  });

  test('rejects malformed records with a typed error', async () => {
    const s = await open(uniqueName('invalid'));
    await expectCode(s.messages.put({ ...msg('r', 1), offset: Number.NaN }), 'STORE_INVALID_RECORD');
    await expectCode(s.rooms.put({ id: 'r' } as never), 'STORE_INVALID_RECORD');
    await expectCode(s.kv.set('f', (() => 1) as never), 'STORE_INVALID_RECORD');
    await expectCode(s.kv.set('d', new Date() as never), 'STORE_INVALID_RECORD');
    assert.deepEqual(await s.messages.count(), 0);
    await s.close();
  });

  test('keeps large values and many rows', async () => {
    const s = await open(uniqueName('large'));
    const big = new Uint8Array(256 * 1024).map((_, i) => i & 0xff);
    await s.kv.set('big', big);
    await s.messages.putMany(Array.from({ length: 600 }, (_, i) => msg('big', i)));
    assert.deepEqual(await s.kv.get('big'), big);
    const page = await s.messages.page('big', { limit: 10_000 });
    assert.deepEqual(page.messages.length, 500);
    assert.deepEqual(page.next, 499);
    await s.close();
  });

  test('engine range queries match the naive model on every indexed table', async () => {
    const engine = await h.engine(uniqueName('model'));
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = <T>(list: readonly T[]): T => list[rnd(list.length)] as T;
    const rooms = ['r1', 'r2', 'r3'];
    try {
      for (const table of ['messages', 'outbox', 'attachments', 'messageKeys'] as const) {
        const rows: RawRow[] = Array.from({ length: 40 }, (_, i) => ({
          pk: `p${i}`,
          body: new Uint8Array([i]),
          room: pick(rooms),
          msg: pick(rooms),
          offset: rnd(20),
          ts: rnd(20),
          exp: rnd(20),
          seq: rnd(20),
        }));
        await engine.run('rw', (tx) => tx.put(table, rows));
        await engine.run('rw', (tx) => tx.delete(table, ['p0', 'p1', 'p2']));
        const live = rows.slice(3);
        for (let i = 0; i < 60; i++) {
          const q: RangeQuery = {
            index: pick(TABLE_INDEXES[table]),
            prefix: pick(rooms),
            ...(rnd(3) ? { lower: rnd(20) - 2 } : {}),
            ...(rnd(3) ? { upper: rnd(20) + 2 } : {}),
            lowerOpen: rnd(2) === 1,
            upperOpen: rnd(2) === 1,
            ...(rnd(2) ? { limit: 1 + rnd(8) } : {}),
            reverse: rnd(2) === 1,
          };
          const got = await engine.run('r', (tx) => tx.query(table, q));
          assert.deepEqual(
            got.map((r) => r.pk),
            naiveQuery(live, q),
            `${table} ${JSON.stringify(q)}`,
          );
        }
      }
    } finally {
      await engine.close();
    }
  });
}
