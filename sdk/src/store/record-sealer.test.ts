import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BlindIndex, RecordCipher } from '../crypto/at-rest/index.js';
import { SecretKey } from '../crypto/secret.js';
import { toBase64url } from '../protocol/index.js';
import { StoreError } from './errors.js';
import { STORE_SEAL_SCRATCH_BYTES } from './limits.js';
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

  test('the AAD is the documented layout: table, pk, presence-tagged room/msg strings and offset/ts/exp/seq numbers', () => {
    const key = SecretKey.random(32);
    const sealer = new RecordSealer(key);
    const cipher = new RecordCipher(key);
    const utf8 = (x: string) => text.encode(x);
    // 0x01 || lp16(table) || lp16(pk) || for room, msg: 0x00 | 0x01 lp16(utf8) || for offset, ts, exp, seq: 0x00 | 0x01 f64be
    const lp16 = (b: Uint8Array) => [b.length >> 8, b.length & 0xff, ...b];
    const f64 = (n: number) => {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, n);
      return [...new Uint8Array(v.buffer)];
    };
    const expectedAad = (table: string, pk: string, c: Record<string, string | number | undefined>) =>
      new Uint8Array([
        0x01,
        ...lp16(utf8(table)),
        ...lp16(utf8(pk)),
        ...(['room', 'msg'] as const).flatMap((k) =>
          c[k] === undefined ? [0] : [1, ...lp16(utf8(String(c[k])))],
        ),
        ...(['offset', 'ts', 'exp', 'seq'] as const).flatMap((k) =>
          c[k] === undefined ? [0] : [1, ...f64(c[k] as number)],
        ),
      ]);
    const cases: Array<[string, string, Record<string, string | number | undefined>]> = [
      ['messages', 'pk1', cols],
      ['kv', 'k', {}],
      ['outbox', 'o'.repeat(300), { room: 'r', seq: 2 ** 53 - 1 }],
      [
        'messages',
        'p\u00e9',
        { room: 'caf\u00e9 \u{1f600}', msg: '', offset: 0, ts: -1.5, exp: 1e300, seq: 0 },
      ],
      ['rooms', 'x', { msg: 'm'.repeat(400), exp: 3 }],
    ];
    for (const [table, pk, c] of cases) {
      const plain = utf8(`{"t":"${table}"}`);
      const row = sealer.seal(table as 'messages', pk, c, plain);
      assert.deepEqual(cipher.open(row.body, expectedAad(table, pk, c)), plain, `${table} ${pk.slice(0, 8)}`);
      assert.deepEqual(sealer.open(table as 'messages', row), plain, `${table} ${pk.slice(0, 8)}`);
    }
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
    const key = SecretKey.random(32);
    const sealer = new RecordSealer(key);
    const fresh = new RecordSealer(key); // computes every value once, with no memo history
    const first = sealer.blind('msg', 'id-0');
    const kept = sealer.blind('room', 'kept');
    for (let i = 1; i < 40_000; i++) {
      sealer.blind('msg', `id-${i}`);
      // a value used all along (a room id) is served from the memo through every generation
      if (i % 1000 === 0) assert.equal(sealer.blind('room', 'kept'), kept, `kept after ${i}`);
    }
    assert.equal(sealer.blind('msg', 'id-0'), first);
    for (const i of [0, 1, 20_000, 31_000, 32_000, 39_999])
      assert.equal(sealer.blind('msg', `id-${i}`), fresh.blind('msg', `id-${i}`), `id-${i}`);
    assert.equal(kept, fresh.blind('room', 'kept'));
    assert.notEqual(sealer.blind('room', 'id-0'), first, 'fields are separated');
    sealer.destroy();
    fresh.destroy();
    key.destroy();
  });

  test('blind indexes are BlindIndex values (memoized or not), as base64url', () => {
    const key = SecretKey.random(32);
    const sealer = new RecordSealer(key);
    const reference = new BlindIndex(key, 16);
    const values = [
      '',
      'room-1',
      'a'.repeat(64),
      'b'.repeat(65),
      'x'.repeat(300),
      'caf\u00e9',
      'cafe\u0301',
      '\u{1f600} emoji',
      `${'y'.repeat(63)}\u00e9`,
    ];
    for (const field of ['room', 'msg', 'pk:rooms', 'pk:kv', 'champ\u00e9']) {
      for (const v of values) {
        assert.equal(sealer.blind(field, v), toBase64url(reference.compute(field, v)), `${field} / ${v}`);
      }
    }
    assert.equal(sealer.blind('room', 'caf\u00e9'), sealer.blind('room', 'cafe\u0301'), 'NFC');
    sealer.destroy();
    reference.destroy();
    key.destroy();
  });

  test('blind indexes and pks are those of earlier builds (known answers): existing rows keep their keys', () => {
    const key = new SecretKey(Uint8Array.from({ length: 32 }, (_, i) => i));
    const sealer = new RecordSealer(key);
    for (let round = 0; round < 2; round++) {
      assert.equal(sealer.blind('room', 'room-1'), '0RldmgaPvuZpwqTNVLmvnQ', `round ${round}`);
      assert.equal(sealer.blind('msg', ''), 'Tj_Q8LZE4FTdRtKoCv-MnQ', `round ${round}`);
      assert.equal(sealer.pk('kv', 'x'.repeat(300)), '37eH_q3fthygHmMSo8VoBw', `round ${round}`);
      assert.equal(sealer.blind('room', 'cafe\u0301'), 'Y7k85rbNQiJRa5NI1QzBfg', `round ${round}`);
    }
    sealer.destroy();
    key.destroy();
  });

  test('sealText seals the UTF-8 of the text, small or larger than its reused buffer', () => {
    const sealer = new RecordSealer(SecretKey.random(32));
    const texts = [
      '',
      '{"text":"hello"}',
      '{"text":"h\u00e9llo \u{1f600} \u4e2d\u6587"}',
      `{"big":"${'z'.repeat(5000)}"}`,
      `{"huge":"${'\u00e9'.repeat(STORE_SEAL_SCRATCH_BYTES / 3 + 10)}"}`,
    ];
    for (const t of texts) {
      const row = sealer.sealText('kv', 'pk1', {}, t);
      assert.equal(row.body.length, 1 + 24 + text.encode(t).length + 16);
      assert.deepEqual(sealer.open('kv', row), text.encode(t));
    }
    // rows sealed one after another stay independent (the buffers are reused)
    const a = sealer.sealText('messages', 'pa', cols, '{"a":1}');
    const b = sealer.sealText('messages', 'pb', { ...cols, offset: 9 }, '{"b":22222}');
    assert.deepEqual(sealer.open('messages', b), text.encode('{"b":22222}'));
    assert.deepEqual(sealer.open('messages', a), text.encode('{"a":1}'));
    sealer.destroy();
  });
});
