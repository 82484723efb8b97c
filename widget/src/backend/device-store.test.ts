import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKEND_SCHEMA } from '../placement/backend-schema.js';
import { parsePersist } from '../placement/placement.js';
import {
  DEVICE_STORE_PREFIX,
  deviceStoreName,
  openDeviceStore,
  preloadDeviceStoreCode,
} from './device-store.js';

test('one device store per relay: scheme, host and path name it; query and trailing slash do not', () => {
  const a = deviceStoreName('wss://relay.example/chat');
  assert.ok(a.startsWith(DEVICE_STORE_PREFIX));
  assert.equal(deviceStoreName('wss://relay.example/chat/?v=2#x'), a);
  assert.notEqual(deviceStoreName('wss://other.example/chat'), a, 'another relay, another store');
  assert.notEqual(deviceStoreName('ws://relay.example/chat'), a, 'another scheme, another store');
  assert.notEqual(deviceStoreName('wss://relay.example:444/chat'), a, 'another port, another store');
  assert.notEqual(deviceStoreName('wss://relay.example/other'), a, 'another path, another store');
});

test('without IndexedDB (Node) the device store is absent, so the widget runs in memory', async () => {
  assert.equal(typeof (globalThis as { indexedDB?: unknown }).indexedDB, 'undefined');
  assert.equal(await openDeviceStore('ws://127.0.0.1:1'), undefined);
});

test("a first visit (no widget store on the device) preloads the store's creation code; a returning one does not", async () => {
  const run = async (factory: Parameters<typeof preloadDeviceStoreCode>[0]) => {
    let loads = 0;
    const started = await preloadDeviceStoreCode(factory, async () => {
      loads++;
    });
    return { started, loads };
  };
  const listing = (names: string[]) => ({ databases: async () => names.map((name) => ({ name })) });
  assert.deepEqual(await run(listing([])), { started: true, loads: 1 }, 'a new device');
  assert.deepEqual(
    await run(listing(['an app database'])),
    { started: true, loads: 1 },
    "another app's database",
  );
  assert.deepEqual(
    await run(listing(['an app database', deviceStoreName('wss://relay.example/chat')])),
    { started: false, loads: 0 },
    'a returning visitor: its store opens without Dexie',
  );
  assert.deepEqual(await run({}), { started: false, loads: 0 }, 'no databases(): nothing to go on');
  assert.deepEqual(await run(undefined), { started: false, loads: 0 }, 'no IndexedDB (Node)');
  const refusing = {
    databases: async (): Promise<readonly { name?: string }[]> => {
      throw new DOMException('denied', 'SecurityError');
    },
  };
  assert.deepEqual(await run(refusing), { started: false, loads: 0 }, 'a refused listing is not an error');
  // the default loader (DexieEngine.preload) never rejects, even where its import cannot work
  assert.equal(await preloadDeviceStoreCode(listing([])), true);
});

test('the persist attribute: only an explicit opt-out turns the device store off', () => {
  for (const v of ['none', 'NONE', ' memory ', 'false', 'off']) assert.equal(parsePersist(v), 'none', v);
  for (const v of [null, undefined, '', 'device', 'yes', 'nonsense']) assert.equal(parsePersist(v), 'device');
});

test('hello carries an optional persist mode across the Worker boundary, and nothing else', () => {
  const hello = BACKEND_SCHEMA.commands.hello;
  assert.ok(hello([{ relay: 'ws://x', inviteBase: '' }]));
  assert.ok(hello([{ relay: 'ws://x', inviteBase: '', persist: 'none' }]));
  assert.ok(hello([{ relay: 'ws://x', inviteBase: '', persist: 'device' }]));
  assert.ok(!hello([{ relay: 'ws://x', inviteBase: '', persist: 'disk' }]), 'an unknown mode is refused');
  assert.ok(!hello([{ relay: 'ws://x', inviteBase: '', persist: 1 }]), 'a number is refused');
});
