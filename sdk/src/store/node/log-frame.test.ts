import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import type { RawRow } from '../engine.js';
import { TABLE_NAMES } from '../engine.js';
import type { EngineOp } from '../memory-engine.js';
import { FileEngine } from './file-engine.js';
import {
  decodeLogPayload,
  encodeLegacyJsonPayload,
  encodeLogPayload,
  LOG_FRAME_BINARY_V1,
} from './log-frame.js';

const root = await mkdtemp(join(tmpdir(), 'cryptalk-log-frame-'));
after(() => rm(root, { recursive: true, force: true }));

const row = (pk: string, extra: Partial<RawRow> = {}): RawRow => ({
  pk,
  body: new Uint8Array([1, 2, 3, pk.length]),
  ...extra,
});

const SAMPLE: EngineOp[] = [
  { op: 'put', table: 'messages', row: row('m1', { room: 'r', offset: 7, ts: 1_700_000_000_123, exp: 0 }) },
  { op: 'put', table: 'outbox', row: row('o1', { room: 'r', seq: 3 }) },
  { op: 'put', table: 'messageKeys', row: row('k1', { room: 'r', msg: 'm', offset: -1 }) },
  { op: 'put', table: 'kv', row: { pk: 'é', body: new Uint8Array(0) } },
  { op: 'del', table: 'outbox', pk: 'o0' },
];

const arbRow: fc.Arbitrary<RawRow> = fc
  .record(
    {
      pk: fc.string({ maxLength: 60 }),
      body: fc.uint8Array({ maxLength: 300 }),
      room: fc.string({ maxLength: 50 }),
      msg: fc.string({ maxLength: 50 }),
      offset: fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }),
      ts: fc.double({ noNaN: true }),
      exp: fc.integer({ min: 0, max: 2 ** 53 }),
      seq: fc.nat(),
    },
    { requiredKeys: ['pk', 'body'] },
  )
  .map((r) => r as RawRow);

const arbOp: fc.Arbitrary<EngineOp> = fc.oneof(
  fc.record({ op: fc.constant('put' as const), table: fc.constantFrom(...TABLE_NAMES), row: arbRow }),
  fc.record({ op: fc.constant('del' as const), table: fc.constantFrom(...TABLE_NAMES), pk: fc.string() }),
);

test('binary payloads round-trip every op and column (property)', () => {
  fc.assert(
    fc.property(fc.array(arbOp, { maxLength: 20 }), (generated) => {
      // plain objects (fast-check builds them without a prototype)
      const ops = generated.map((o): EngineOp => (o.op === 'put' ? { ...o, row: { ...o.row } } : { ...o }));
      const payload = encodeLogPayload(ops);
      assert.equal(payload[0], LOG_FRAME_BINARY_V1);
      assert.deepEqual(decodeLogPayload(payload), ops);
    }),
    { numRuns: 200 },
  );
});

test('the headroom is left before the payload', () => {
  const withRoom = encodeLogPayload(SAMPLE, 8);
  assert.deepEqual(withRoom.subarray(8), encodeLogPayload(SAMPLE));
});

test('JSON payloads of older logs still decode to the same ops', () => {
  const json = encodeLegacyJsonPayload(SAMPLE);
  assert.equal(json[0], 0x5b);
  assert.deepEqual(decodeLogPayload(json), SAMPLE);
  assert.deepEqual(decodeLogPayload(encodeLogPayload(SAMPLE)), SAMPLE);
});

test('a golden binary payload decodes (the format does not drift)', () => {
  const ops: EngineOp[] = [
    { op: 'put', table: 'kv', row: { pk: 'a', body: new Uint8Array([9]), seq: 1 } },
    { op: 'del', table: 'kv', pk: 'b' },
  ];
  const golden = Buffer.from(
    '01' +
      '01' +
      '00026b76' +
      '000161' +
      '20' +
      '3ff0000000000000' +
      '0000000109' +
      '02' +
      '00026b76' +
      '000162',
    'hex',
  );
  assert.deepEqual(encodeLogPayload(ops), golden);
  assert.deepEqual(decodeLogPayload(golden), ops);
});

test('malformed binary payloads are refused, never half-read', () => {
  const good = encodeLogPayload(SAMPLE);
  for (let cut = 2; cut < good.length; cut += 7) {
    assert.throws(() => decodeLogPayload(good.subarray(0, cut)), `cut at ${cut}`);
  }
  assert.throws(() => decodeLogPayload(Buffer.from([LOG_FRAME_BINARY_V1, 0x03, 0, 2, 0x6b, 0x76, 0, 0])));
  const badTable = encodeLogPayload([{ op: 'del', table: 'kv', pk: 'x' }]);
  badTable.write('zz', 4, 'latin1');
  assert.throws(() => decodeLogPayload(badTable), /unknown table/);
  assert.throws(() => decodeLogPayload(Buffer.from([0x7b, 0x7d])), /unknown log frame form/);
  assert.throws(() => encodeLogPayload([{ op: 'del', table: 'kv', pk: 'x'.repeat(70_000) }]), {
    code: 'STORE_INVALID_RECORD',
  });
});

function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(payload.length, 0);
  header.writeUInt32BE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

test('a file engine opens a log written in JSON by an older build, then appends binary frames', async () => {
  const dir = join(root, 'legacy');
  const first = await FileEngine.open({ dir });
  await first.close();
  await writeFile(
    join(dir, 'store.log'),
    Buffer.concat([
      frame(encodeLegacyJsonPayload(SAMPLE.slice(0, 3))),
      frame(encodeLegacyJsonPayload(SAMPLE.slice(3))),
    ]),
  );
  const engine = await FileEngine.open({ dir });
  assert.deepEqual(
    (await engine.run('r', (tx) => tx.all('messages'))).map((r) => r.pk),
    ['m1'],
  );
  await engine.run('rw', async (tx) => {
    await tx.put('outbox', [row('o2', { room: 'r', seq: 4 })]);
    await tx.delete('messages', ['m1']);
  });
  await engine.close();
  const log = await readFile(join(dir, 'store.log'));
  const firstBytes: number[] = [];
  for (let pos = 0; pos < log.length; pos += 8 + log.readUInt32BE(pos))
    firstBytes.push(log[pos + 8] as number);
  assert.deepEqual(firstBytes, [0x5b, 0x5b, LOG_FRAME_BINARY_V1], 'two JSON frames, then a binary one');
  const reopened = await FileEngine.open({ dir });
  try {
    const outbox = await reopened.run('r', (tx) => tx.query('outbox', { index: 'room+seq', prefix: 'r' }));
    assert.deepEqual(
      outbox.map((r) => [r.pk, r.seq]),
      [
        ['o1', 3],
        ['o2', 4],
      ],
    );
    assert.equal(await reopened.run('r', (tx) => tx.count('messages')), 0);
    assert.deepEqual((await reopened.run('r', (tx) => tx.get('messageKeys', 'k1')))?.msg, 'm');
  } finally {
    await reopened.close();
  }
});
