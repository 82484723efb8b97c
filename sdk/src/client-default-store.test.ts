import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHUNK_DOWNLOAD_FAILED, failingImports } from '../../test/helpers/failing-imports.js';
import { CrypTalkClient } from './index.js';
import { StoreError } from './store/index.js';

/** Loads of `memory-store.js` (the store of a client opened without one) fail while switched on. */
const loads = failingImports('memory-store');

test('a client opened without a store loads the in-memory store; a failed load is STORE_UNAVAILABLE and the next open loads it', async () => {
  loads.fail(true);
  await assert.rejects(
    CrypTalkClient.open({ relay: 'ws://127.0.0.1:9', connect: false }),
    (e: unknown) =>
      e instanceof StoreError &&
      e.code === 'STORE_UNAVAILABLE' &&
      (e.cause as Error | undefined)?.message === CHUNK_DOWNLOAD_FAILED,
  );
  loads.fail(false);
  const client = await CrypTalkClient.open({ relay: 'ws://127.0.0.1:9', connect: false });
  try {
    assert.ok(client.id, 'the client has an identity, kept in its in-memory store');
  } finally {
    await client.close();
  }
});
