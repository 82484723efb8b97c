import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { createRelay } from '../relay.js';
import { TestClient } from '../testing/index.js';
import { BoundedMap } from './bounded-map.js';
import { IpLimits } from './ip-limits.js';
import { TokenBucket } from './token-bucket.js';

test('a token bucket allows its burst, then its rate', () => {
  const b = new TokenBucket(10, 5, 0);
  for (let i = 0; i < 5; i++) assert.ok(b.take(1, 0));
  assert.equal(b.take(1, 0), false);
  assert.ok(b.take(1, 100), 'one token after 100 ms at 10/s');
  assert.equal(b.take(1, 100), false);
  assert.ok(b.take(5, 10_000), 'never more than the burst');
  assert.equal(b.take(1, 10_000), false);
});

test('a bounded map forgets the least recently used evictable entry and never grows past its size', () => {
  const m = new BoundedMap<string, number>(3, (v) => v >= 0);
  m.set('a', 1);
  m.set('b', -1);
  m.set('c', 3);
  m.get('a');
  assert.ok(m.set('d', 4));
  assert.equal(m.get('c'), undefined, 'c was the least recently used evictable one');
  assert.equal(m.get('b'), -1, 'b may not be evicted');
  assert.equal(m.size, 3);
  const pinned = new BoundedMap<string, number>(2, () => false);
  pinned.set('x', 1);
  pinned.set('y', 1);
  assert.equal(pinned.set('z', 1), false, 'full of unevictable entries');
  assert.equal(pinned.size, 2);
});

test('per-IP limits: a connection cap, and a bounded table of addresses', () => {
  const ips = new IpLimits({
    maxConnectionsPerIp: 2,
    ipFramesPerSec: 1,
    ipFramesBurst: 1,
    lookupsPerMinute: 1,
    uploadsPerMinute: 1,
    maxTrackedIps: 100,
  });
  assert.ok(ips.connect('a', 0));
  assert.ok(ips.connect('a', 0));
  assert.equal(ips.connect('a', 0), false);
  ips.disconnect('a');
  assert.ok(ips.connect('a', 0));
  for (let i = 0; i < 10_000; i++) ips.frame(`10.0.${i >> 8}.${i & 255}`, 1, 0);
  assert.ok(ips.size <= 100, 'memory stays bounded whatever addresses arrive');
});

test('the relay refuses connections past the per-IP cap with HTTP 429', async () => {
  const relay = await createRelay({ port: 0, maxConnectionsPerIp: 2 });
  const a = await TestClient.connect(relay.url);
  const b = await TestClient.connect(relay.url);
  await assert.rejects(TestClient.connect(relay.url), /HTTP 429/);
  a.close();
  await a.closed;
  let reconnected = false;
  for (let i = 0; i < 50 && !reconnected; i++) {
    try {
      const c = await TestClient.connect(relay.url);
      c.close();
      reconnected = true;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  assert.ok(reconnected, 'a closed connection frees its slot');
  assert.equal(b.ws.readyState, WebSocket.OPEN);
  b.close();
  await relay.close();
});
