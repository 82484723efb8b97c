import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALWAYS_ONLINE, createOnlineMonitor } from './online.js';

test('Node has no onLine signal: always online', () => {
  assert.equal(createOnlineMonitor(), ALWAYS_ONLINE);
  assert.equal(createOnlineMonitor({ navigator: {} }).online, true);
  assert.equal(ALWAYS_ONLINE.online, true);
});

test('browser and Worker scopes: follows navigator.onLine and the online/offline events', () => {
  const target = new EventTarget();
  const scope = {
    navigator: { onLine: true },
    addEventListener: (t: 'online' | 'offline', l: () => void) => target.addEventListener(t, l),
    removeEventListener: (t: 'online' | 'offline', l: () => void) => target.removeEventListener(t, l),
  };
  const m = createOnlineMonitor(scope);
  assert.notEqual(m, ALWAYS_ONLINE);
  const seen: boolean[] = [];
  const off = m.subscribe((v) => seen.push(v));
  scope.navigator.onLine = false;
  target.dispatchEvent(new Event('offline'));
  assert.equal(m.online, false);
  scope.navigator.onLine = true;
  target.dispatchEvent(new Event('online'));
  off();
  target.dispatchEvent(new Event('offline'));
  assert.deepEqual(seen, [false, true]);
  assert.equal(m.online, true);
});
