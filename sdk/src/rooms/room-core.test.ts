import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countingStore } from '../../../test/helpers/stores.js';
import type { PublicIdentity } from '../crypto/identity/index.js';
import type { MemberInfo } from '../events.js';
import { encodeMessage } from '../messages/index.js';
import type { Envelope } from '../protocol/index.js';
import { type MessageRecord, openMemoryStore, type Store } from '../store/index.js';
import type { ContentTypeId } from './content-envelope.js';
import type { Payload } from './payload.js';
import type { RoomContext } from './room-context.js';
import { RoomCore, type Sealed } from './room-core.js';

const SELF = 'ed25519:self';

/** A room core whose crypto does nothing: what is under test is its history and store bookkeeping. */
class PlainRoom extends RoomCore {
  get ready(): boolean {
    return true;
  }
  members(): MemberInfo[] {
    return [this.self()];
  }
  protected identityOf(): PublicIdentity | undefined {
    return undefined;
  }
  protected async handle(_env: Envelope, _payload: Payload): Promise<void> {}
  protected async seal(_t: ContentTypeId, _id: string, _at: number, content: Uint8Array): Promise<Sealed> {
    return { payload: content, epoch: 0 };
  }
  protected async saveState(): Promise<void> {}
  async invite(): Promise<string> {
    throw new Error('not in this test');
  }
  async leave(): Promise<void> {}
}

function plainRoom(store: Store): PlainRoom {
  const ctx = {
    selfId: SELF,
    store,
    displayName: () => undefined,
    privacy: { receipts: false, typing: false },
    send: async () => undefined,
    delivered: () => {},
    emit: (event: string, payload: unknown) => {
      if (event === 'error') throw payload;
    },
    forget: () => {},
  } as unknown as RoomContext;
  return new PlainRoom('room-1', ctx, { kind: 'group', names: {}, invites: [] }, 0);
}

/** An own text message's record, as a room stores it. */
function ownRecord(msgId: string, offset: number): MessageRecord {
  const sentAt = 1_700_000_000_000;
  const bytes = encodeMessage({
    sentAt,
    expireAfter: 0,
    content: { kind: 'text', text: 'hi', mentions: [] },
  });
  return {
    roomId: 'room-1',
    msgId,
    offset,
    sender: SELF,
    text: 'hi',
    sentAt,
    data: { type: 'message', bytes, receivedAt: sentAt },
  };
}

describe('RoomCore.onAcked for an own message that is not in the local log', () => {
  test('carried (stored in the ack transaction): not written again, and the history shows it with its offset', async () => {
    const { store, writes } = countingStore(await openMemoryStore());
    // what the ack transaction wrote (client.storeCarried): the record with its offset
    await store.messages.put(ownRecord('m1', 42));
    writes.clear();
    const room = plainRoom(store);
    room.onAcked('m1', 42, true);
    await room.save(); // runs after the ack's work and the persist it asked for
    await room.save();
    assert.equal(writes.get('m1') ?? 0, 0, 'no second write of the acked record');
    const page = await room.history();
    assert.deepEqual(
      page.messages.map((m) => [m.msgId, m.offset, m.text]),
      [['m1', 42, 'hi']],
    );
    assert.equal((await store.messages.get('m1'))?.offset, 42);
  });

  test('stored at send (not carried): written once, with its offset', async () => {
    const { store, writes } = countingStore(await openMemoryStore());
    await store.messages.put(ownRecord('m2', -1));
    writes.clear();
    const room = plainRoom(store);
    room.onAcked('m2', 7, false);
    await room.save();
    await room.save();
    assert.equal(writes.get('m2'), 1, 'written once');
    assert.equal((await store.messages.get('m2'))?.offset, 7);
    const page = await room.history();
    assert.deepEqual(
      page.messages.map((m) => [m.msgId, m.offset]),
      [['m2', 7]],
    );
  });
});
