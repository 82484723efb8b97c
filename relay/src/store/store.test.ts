import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startRedis, type TestRedis } from '../testing/redis-server.js';
import { EmbeddedStore } from './embedded/index.js';
import { MemoryStore } from './memory/index.js';
import { RedisStore } from './redis/index.js';
import { BEHAVIOR_LIMITS, storeBehavior } from './store.behavior.js';

const dirs: string[] = [];
let redis: TestRedis;
let dbIndex = 0;

before(async () => {
  redis = await startRedis();
});
after(async () => {
  await redis?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

storeBehavior('memory', async () => new MemoryStore(BEHAVIOR_LIMITS));
storeBehavior('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-store-'));
  dirs.push(dir);
  return new EmbeddedStore(dir, BEHAVIOR_LIMITS);
});
storeBehavior('redis', async () => new RedisStore(`${redis.url}/${dbIndex++ % 16}`, BEHAVIOR_LIMITS));

test('embedded: what was committed is there after reopening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-store-'));
  dirs.push(dir);
  const a = new EmbeddedStore(dir);
  await a.openRoom('room-1-aaaaaaaaaaaaaaaaaaaaa', 60_000, undefined, Date.now());
  const r = await a.append(
    'room-1-aaaaaaaaaaaaaaaaaaaaa',
    { msgId: 'm', epoch: 0, ct: 'abc', hs: false },
    Date.now(),
  );
  assert.equal(r.kind, 'stored');
  await a.close();
  const b = new EmbeddedStore(dir);
  const got = await b.range('room-1-aaaaaaaaaaaaaaaaaaaaa', 0, 10);
  assert.equal(got[0]?.ct, 'abc');
  await b.close();
});
