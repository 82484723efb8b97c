import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embedUrl } from './frame-protocol.js';

test('the embed URL carries the host origin, and persist=none only when the host chose it', () => {
  const device = embedUrl('wss://relay.example:8443', 'https://shop.example');
  assert.equal(device?.href, 'https://relay.example:8443/embed?origin=https%3A%2F%2Fshop.example');
  assert.equal(device?.searchParams.has('persist'), false);
  assert.equal(
    embedUrl('ws://127.0.0.1:9', 'http://localhost:3', 'device')?.searchParams.has('persist'),
    false,
  );
  const none = embedUrl('ws://127.0.0.1:9', 'http://localhost:3', 'none');
  assert.equal(none?.origin, 'http://127.0.0.1:9');
  assert.equal(none?.searchParams.get('persist'), 'none');
  assert.equal(none?.searchParams.get('origin'), 'http://localhost:3');
  assert.equal(embedUrl('https://relay.example', 'https://shop.example', 'none'), undefined);
  assert.equal(embedUrl('memory:', 'https://shop.example'), undefined);
});
