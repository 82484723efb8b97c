import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHUNK_DOWNLOAD_FAILED, failingImports } from '../../test/helpers/failing-imports.js';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import type { ChatMessage } from './index.js';
import { until } from './testing/wait.js';

/** Loads of a group room's membership code (`group-membership`), counted, and failed when the test says so. */
const loads = failingImports('group-membership');

const relay = useTestRelay();
const open = clientOpener(relay, { reconnect: false });

/** A typed `CRYPTO_NOT_LOADED` whose cause is the failed download. */
const notLoaded = (err: unknown) =>
  (err as { code?: string }).code === 'CRYPTO_NOT_LOADED' &&
  ((err as { cause?: Error }).cause?.message ?? '') === CHUNK_DOWNLOAD_FAILED;

test('a group room opens, sends, lists its members and makes invites without its membership code; a membership action whose code cannot load fails with CRYPTO_NOT_LOADED, and the next one loads it', async () => {
  loads.fail(true);
  const a = await open('Ada');
  const b = await open('Bob');
  try {
    const room = await a.createRoom({ name: 'team' });
    await room.send('first');
    assert.deepEqual(
      (await room.history()).messages.map((m) => m.text),
      ['first'],
    );
    assert.equal(room.members().length, 1);
    const link = await room.invite();
    assert.equal(
      loads.attempts(),
      0,
      'creating a room, sending, reading and inviting load no membership code',
    );

    // a key update (a commit) needs it: the typed error of a failed chunk load
    await assert.rejects(room.updateKeys(), notLoaded);
    // so does a join: the join fails, and leaves no room behind
    await assert.rejects(b.joinByLink(link), notLoaded);
    assert.equal(b.room(room.id), undefined, 'the failed join left no room');
    const failed = loads.attempts();
    assert.ok(failed >= 2, 'each action tried to load it');

    // the download works again: the next join loads it, and a member admits the joiner
    loads.fail(false);
    const roomB = await b.joinByLink(link);
    assert.ok(loads.attempts() > failed, 'loaded again after the failed loads');
    await until(() => roomB.ready && room.members().length === 2, 'Bob admitted', 20_000);
    const got: ChatMessage[] = [];
    b.on('message', (m) => got.push(m));
    await room.send('welcome');
    await until(() => got.some((m) => m.text === 'welcome'), 'a message after the join', 15_000);
    assert.equal(await room.updateKeys(), true, 'a key update once the code loaded');
  } finally {
    loads.fail(false);
    await b.close();
    await a.close();
  }
});
