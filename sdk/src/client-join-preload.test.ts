import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failingImports } from '../../test/helpers/failing-imports.js';
import { reopenableStore } from '../../test/helpers/stores.js';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import { until } from './testing/wait.js';

/** Loads of the HPKE chunk (`hpke-cipher-suite`), counted, and failed when the test says so. */
const loads = failingImports('hpke-cipher-suite');

const relay = useTestRelay();
const open = clientOpener(relay, { reconnect: false });

test('a join fetches the HPKE framing while its request waits for a member, and a failed fetch is not kept', async () => {
  const ada = reopenableStore(21);
  const a = await open('Ada', { store: await ada.open() });
  const room = await a.createRoom({ name: 'team' });
  const link = await room.invite();
  const id = room.id;
  assert.equal(loads.attempts(), 0, 'a new room and its invite load no HPKE framing');
  await a.close(); // nobody admits the joiner yet

  // The preload's download fails (a network blip).
  loads.failNext(1);
  const b = await open('Bob');
  const join = b.joinByLink(link);
  // (no member is online: whatever loads the chunk now is the preload, not a Welcome)
  await until(() => loads.attempts() === 1, 'the HPKE chunk fetched before any Welcome');

  await b.close();
  await assert.rejects(join, { code: 'CLIENT_CLOSED' });

  // The failed load was not kept: with Ada back, a join completes (the chunk loads again).
  const a2 = await open('Ada', { store: await ada.open() });
  const c = await open('Cy');
  try {
    await c.joinByLink(link);
    const roomA = a2.room(id);
    assert.ok(roomA);
    await until(() => c.room(id)?.ready === true && roomA.members().length >= 2, 'Cy in the room', 20_000);
    assert.ok(loads.attempts() >= 2, 'loaded again after the failed preload');
  } finally {
    await c.close();
    await a2.close();
  }
});
