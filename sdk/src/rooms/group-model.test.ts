import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import WebSocket from 'ws';
import { useTestRelay } from '../../../test/helpers/test-relay.js';
import { type ChatMessage, CrypTalkClient, type Room } from '../index.js';

const relay = useTestRelay();

/**
 * One step of the model: someone sends, a newcomer joins by link, a member leaves, or a member updates its keys
 * (`room.updateKeys()`). Every other client also updates its keys on its own after each send it makes
 * (`keyUpdateIntervalMs: 0`), so those commits race with the others.
 */
type Command =
  | { kind: 'send'; who: number }
  | { kind: 'join' }
  | { kind: 'leave'; who: number }
  | { kind: 'update'; who: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), who: fc.nat(7) }),
  fc.constant({ kind: 'join' as const }),
  fc.record({ kind: fc.constant('leave' as const), who: fc.nat(7) }),
  fc.record({ kind: fc.constant('update' as const), who: fc.nat(7) }),
);

interface Member {
  client: CrypTalkClient;
  room: Room;
  inbox: ChatMessage[];
  expected: string[];
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('random sequences of sends, joins and leaves keep every member in agreement (model-based)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 3, maxLength: 6 }), async (commands) => {
      const clients: CrypTalkClient[] = [];
      const openClient = async () => {
        const c = await CrypTalkClient.open({
          relay: relay().url,
          WebSocket: WebSocket as never,
          joinTimeoutMs: 10_000,
          keyUpdateIntervalMs: clients.length % 2 === 0 ? false : 0,
        });
        clients.push(c);
        return c;
      };
      try {
        const first = await openClient();
        const room = await first.createRoom();
        const link = await room.invite();
        const members: Member[] = [];
        const track = (client: CrypTalkClient, r: Room): Member => {
          const m: Member = { client, room: r, inbox: [], expected: [] };
          client.on('message', (msg) => m.inbox.push(msg));
          return m;
        };
        members.push(track(first, room));
        let n = 0;
        for (const cmd of commands) {
          if (cmd.kind === 'join') {
            if (members.length >= 4) continue;
            const c = await openClient();
            members.push(track(c, await c.joinByLink(link)));
          } else if (cmd.kind === 'leave') {
            if (members.length <= 1) continue;
            const [gone] = members.splice(cmd.who % members.length, 1);
            await gone?.room.leave();
          } else if (cmd.kind === 'update') {
            // true, or false when another member's commit took the epoch first: either way nothing is lost
            await (members[cmd.who % members.length] as Member).room.updateKeys();
          } else {
            const sender = members[cmd.who % members.length] as Member;
            const text = `m${n++}`;
            await sender.room.send(text);
            for (const m of members) if (m !== sender) m.expected.push(text);
          }
          // The model: every remaining member sees exactly the remaining members.
          await until(
            () => members.every((m) => m.room.members().length === members.length),
            `${members.length} members everywhere after ${cmd.kind}`,
          );
        }
        for (const m of members) {
          await until(() => m.inbox.length >= m.expected.length, 'every expected message');
          assert.deepEqual(
            m.inbox.map((x) => x.text),
            m.expected,
            'each member got exactly what was sent while it was in, in order',
          );
          assert.deepEqual(
            m.room
              .members()
              .map((x) => x.id)
              .sort(),
            members.map((x) => x.client.id).sort(),
          );
        }
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    }),
    { numRuns: 10 },
  );
});
