import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RecordCipher } from '../crypto/at-rest/index.js';
import { SecretKey } from '../crypto/secret.js';
import { StoreError } from './errors.js';
import { RecordSealer } from './record-sealer.js';

const text = new TextEncoder();

describe('RecordSealer', () => {
  const cols = { room: 'r00m', msg: 'm5g', offset: 7, ts: 1_700_000_000_000 };

  test('its bodies are RecordCipher bodies, bound to where the row lives', () => {
    const key = SecretKey.random(32);
    const sealer = new RecordSealer(key);
    const cipher = new RecordCipher(key);
    const plain = text.encode('{"text":"hello"}');
    const row = sealer.seal('messages', 'pk1', cols, plain);
    assert.equal(row.body[0], 0x01);
    assert.equal(row.body.length, 1 + 24 + plain.length + 16);
    assert.deepEqual(sealer.open('messages', row), plain);
    assert.throws(() => cipher.open(row.body), 'the body is bound to its AAD');
    const other = sealer.seal('messages', 'pk1', cols, text.encode('x'));
    assert.throws(
      () => sealer.open('messages', { ...other, body: row.body.slice(0, -1) }),
      (e: unknown) => e instanceof StoreError && e.code === 'STORE_CORRUPT',
    );
    sealer.destroy();
    cipher.destroy();
    key.destroy();
  });

  test('every seal takes a fresh nonce, and a row moved or edited does not open', () => {
    const sealer = new RecordSealer(SecretKey.random(32));
    const plain = text.encode('same');
    const nonces = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const row = sealer.seal('messages', 'pk1', cols, plain);
      nonces.add(Buffer.from(row.body.subarray(1, 25)).toString('hex'));
    }
    assert.equal(nonces.size, 1000);
    const row = sealer.seal('messages', 'pk1', cols, plain);
    for (const bad of [
      { ...row, pk: 'pk2' },
      { ...row, offset: 8 },
      { ...row, room: 'other' },
      { ...row, exp: 1 },
    ]) {
      assert.throws(
        () => sealer.open('messages', bad),
        (e: unknown) => e instanceof StoreError && e.code === 'STORE_CORRUPT',
      );
    }
    assert.throws(
      () => sealer.open('outbox', row),
      (e: unknown) => e instanceof StoreError && e.code === 'STORE_CORRUPT',
    );
    sealer.destroy();
  });

  test('blind indexes stay stable past the memo size', () => {
    const sealer = new RecordSealer(SecretKey.random(32));
    const first = sealer.blind('msg', 'id-0');
    for (let i = 1; i < 20_000; i++) sealer.blind('msg', `id-${i}`);
    assert.equal(sealer.blind('msg', 'id-0'), first);
    assert.notEqual(sealer.blind('room', 'id-0'), first, 'fields are separated');
    sealer.destroy();
  });
});
