import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { useTestRelay } from '../../test/helpers/test-relay.js';
import { type ChatMessage, CrypTalkClient, type MemberEvent } from './index.js';
import { until } from './testing/wait.js';

// a short history: a member away for longer cannot resume
const relay = useTestRelay({ historyMax: 6 });

const open = (displayName: string) =>
  CrypTalkClient.open({
    relay: relay().url,
    WebSocket: WebSocket as never,
    displayName,
    reconnect: false,
    joinTimeoutMs: 15_000,
  });

test('a member whose missed commits are gone rejoins on its own and keeps its history', async () => {
  const [a, b, c] = await Promise.all([open('Ada'), open('Bob'), open('Cy')]);
  try {
    const roomA = await a.createRoom();
    const roomB = await b.joinByLink(await roomA.invite());
    await until(() => roomB.ready && roomA.members().length === 2, 'Bob joined', 15_000);
    const gotB: ChatMessage[] = [];
    const selfJoined: MemberEvent[] = [];
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
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});
