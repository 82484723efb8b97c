import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import type { ChatMessage, CrypTalkClient, Room } from './index.js';
import { createMemoryEngineData, openMemoryStore, type Store } from './store/index.js';

const relay = useTestRelay();

const open = clientOpener(relay, { reconnect: false });

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited >= ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A store that "crashes" right after the first outbox batch committed once armed: from then on every
 * transaction fails, as if the process died just after that commit. The ids in that batch are the ciphertexts
 * that may have left.
 */
function crashAfterFirstOutboxBatch(store: Store) {
  const trap = { armed: false, crashed: false, left: [] as string[] };
  const transaction: Store['transaction'] = async (fn) => {
    if (trap.crashed) throw new Error('crashed');
    const ids: string[] = [];
    const result = await store.transaction((tx) =>
      fn(
        new Proxy(tx, {
          get(target, prop, receiver) {
            if (prop !== 'outbox') return Reflect.get(target, prop, receiver);
            return new Proxy(target.outbox, {
              get(o, p, r) {
                if (p !== 'enqueue') return Reflect.get(o, p, r);
                return (rec: Parameters<typeof o.enqueue>[0]) => {
                  ids.push(rec.msgId);
                  return o.enqueue(rec);
                };
              },
            });
          },
        }),
      ),
    );
    if (trap.armed && ids.length > 0) {
      trap.crashed = true;
      trap.left.push(...ids);
    }
    return result;
  };
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'transaction') return transaction;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { store: wrapped, trap };
}

/**
 * Many sends in flight share coalesced persists of the crypto state and batched outbox writes. A crash in the
 * middle (the store stops taking writes, the socket drops) and a restart from the store must lose nothing the
 * relay acked, deliver nothing twice, and never reuse a message key: the receiver decrypts every message, and
 * the messages sent after the restart too.
 */
describe('a crash with many messages in flight', () => {
  for (const kind of ['direct', 'group'] as const) {
    test(`${kind}: nothing acked is lost, nothing is delivered twice, no key is reused`, async () => {
      const data = createMemoryEngineData();
      const rawKey = new Uint8Array(32).fill(3);
      const { store: storeA, trap } = crashAfterFirstOutboxBatch(await openMemoryStore({ data, rawKey }));
      const a = await open('Ada', { store: storeA });
      const b = await open('Bob');
      const got: ChatMessage[] = [];
      const errors: Error[] = [];
      b.on('message', (m) => got.push(m));
      b.on('error', (e) => errors.push(e));
      let a2: CrypTalkClient | undefined;
      try {
        let roomA: Room;
        if (kind === 'direct') {
          roomA = await a.createDirectRoom();
          await b.joinByLink(await roomA.invite());
          await until(() => roomA.ready, '1:1 ready');
        } else {
          roomA = await a.createRoom();
          const roomB = await b.joinByLink(await roomA.invite());
          await until(() => roomB.ready && roomA.members().length === 2, 'the group join');
        }
        await new Promise((r) => setTimeout(r, 200)); // profiles and other set-up messages settle
        trap.armed = true;
        const sends = Array.from({ length: 100 }, (_, i) => roomA.send(`before ${i}`).catch(() => undefined));
        // The crash: right after the first batch of ciphertexts reached the outbox; the socket drops too.
        await until(() => trap.crashed, 'the first outbox batch');
        a.disconnect();
        a.on('error', () => undefined); // its failing writes after the crash
        await Promise.race([Promise.all(sends), new Promise((r) => setTimeout(r, 300))]);

        a2 = await open('Ada', { store: await openMemoryStore({ data, rawKey }) });
        const room2 = a2.room(roomA.id);
        assert.ok(room2, 'the room survived the crash');
        await until(() => room2.ready, 'the room ready after the restart');
        for (let i = 0; i < 10; i++) await room2.send(`after ${i}`);
        await until(() => got.filter((m) => m.text.startsWith('after ')).length === 10, 'the messages after');
        // let any resent duplicate arrive before counting
        await new Promise((r) => setTimeout(r, 300));

        assert.deepEqual(errors, [], 'the receiver decrypted everything (no reused or skipped key)');
        const ids = got.map((m) => m.msgId);
        assert.equal(new Set(ids).size, ids.length, 'nothing delivered twice');
        const received = new Set(ids);
        for (const id of trap.left) assert.ok(received.has(id), 'a message stored in the outbox was lost');
        assert.deepEqual(
          got.filter((m) => m.text.startsWith('after ')).map((m) => m.text),
          Array.from({ length: 10 }, (_, i) => `after ${i}`),
        );
        assert.ok(trap.left.length > 0, 'some ciphertexts left before the crash');
      } finally {
        await a2?.close();
        await b.close();
      }
    });
  }
});
