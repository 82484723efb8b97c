import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import WebSocket from 'ws';
import type { ChatBackendEvents, ChatItem } from './chat-backend.js';
import { ClientBackend } from './client-backend.js';

let relay: Relay;
const globalWs = globalThis as { WebSocket?: unknown };
const hadWebSocket = globalWs.WebSocket !== undefined;
before(async () => {
  relay = await createRelay({
    port: 0,
    lookupsPerMinute: 10_000,
    connFramesPerSec: 10_000,
    connFramesBurst: 10_000,
  });
  // Node 20 has no global WebSocket; ClientBackend uses the platform's, as in browsers.
  if (!hadWebSocket) globalWs.WebSocket = WebSocket;
});
after(async () => {
  if (!hadWebSocket) delete globalWs.WebSocket;
  await relay.close();
});

/** The first event `name` matching `pred`, or a rejection after 10 s naming what it waited for. */
function next<K extends keyof ChatBackendEvents>(
  b: ClientBackend,
  name: K,
  pred: (e: ChatBackendEvents[K]) => boolean,
  what: string,
): Promise<ChatBackendEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, 10_000);
    const off = b.on(name, (e) => {
      if (pred(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });
}

test('ClientBackend maps replies, edits, reactions, deletes, typing, receipts, timers and attachments onto the widget', async () => {
  const ada = new ClientBackend({ relay: relay.url, userName: 'Ada' });
  const bob = new ClientBackend({ relay: relay.url, userName: 'Bob' });
  try {
    for (const k of ['edit', 'delete', 'react', 'typing', 'receipts', 'disappearing', 'rooms'] as const) {
      assert.equal(ada.capabilities[k], true, k);
    }
    await ada.join('team');
    const link = await ada.inviteLink('team');
    const joined = next(ada, 'message', () => true, 'unused');
    void joined.catch(() => undefined);
    await bob.join(link);
    assert.match(await bob.safetyNumber(link), /^[\d ]+$/);

    const hi = next(bob, 'message', (m) => m.text === 'hi', 'hi at Bob');
    const mine = next(ada, 'message', (m) => m.text === 'hi' && m.own, 'own hi');
    await ada.send('team', 'hi');
    const own = await mine;
    const got = await hi;
    assert.equal(got.author, 'Ada');
    assert.equal(got.room, link);

    const reply = next(ada, 'message', (m) => m.replyTo?.id === own.id, 'reply at Ada');
    await bob.send(link, 'hello', { replyTo: got.id });
    const r = await reply;
    assert.deepEqual(r.replyTo, { id: own.id, author: 'Ada', text: 'hi' });

    const edited = next(bob, 'message', (m) => m.id === own.id && m.edited === true, 'edit at Bob');
    await ada.edit('team', own.id, 'hi all');
    assert.equal((await edited).text, 'hi all');

    const reacted = next(
      ada,
      'message',
      (m) => m.id === own.id && (m.reactions?.length ?? 0) > 0,
      'reaction',
    );
    await bob.react(link, own.id, '👍');
    assert.deepEqual((await reacted).reactions, [{ emoji: '👍', count: 1, mine: false }]);
    const unreacted = next(ada, 'message', (m) => m.id === own.id && m.reactions === undefined, 'unreact');
    await bob.react(link, own.id, '👍'); // a second click removes it
    await unreacted;

    const typing = next(ada, 'typing', (t) => t.names.includes('Bob'), 'typing at Ada');
    bob.typing(link, true);
    assert.equal((await typing).room, 'team');

    const read = next(ada, 'message', (m: ChatItem) => m.id === own.id && m.status === 'read', 'read');
    bob.markRead(link, own.id);
    await read;

    const timer = next(bob, 'timer', (t) => t.seconds === 3600, 'timer at Bob');
    await ada.setDisappearing('team', 3600);
    assert.equal((await timer).room, link);

    const file = new File([new Uint8Array(70_000).fill(7)], 'notes.txt', { type: 'text/plain' });
    const fileAtBob = next(bob, 'message', (m) => m.attachment !== undefined, 'attachment at Bob');
    const fractions: number[] = [];
    await ada.sendAttachment('team', file, (f) => fractions.push(f));
    assert.deepEqual((await fileAtBob).attachment, { name: 'notes.txt', size: 70_000, type: 'text/plain' });
    assert.equal(fractions.at(-1), 1);

    const deleted = next(bob, 'message', (m) => m.id === own.id && m.deleted === true, 'delete at Bob');
    await ada.delete('team', own.id);
    assert.equal((await deleted).text, '');
    assert.deepEqual(
      ada.rooms().map((x) => x.id),
      ['team'],
    );
  } finally {
    ada.close();
    bob.close();
    await new Promise((r) => setTimeout(r, 100));
  }
});
