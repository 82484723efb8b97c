import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import type { ChatMessage, CrypTalkClient, TransferProgress } from './index.js';
import { createMemoryEngineData, MemoryEngine, openSealedStore } from './store/index.js';
import { until } from './testing/wait.js';

const relay = useTestRelay();

const CHUNK = 16 * 1024; // 16 chunks per segment: 256 KiB segments
const open = clientOpener(relay, { reconnect: false });

test('an upload interrupted by closing the client continues after reopening, from the last complete segment', async () => {
  const data = createMemoryEngineData();
  const rawKey = new Uint8Array(32).fill(8);
  const reopen = () => openSealedStore(new MemoryEngine(data), { rawKey, sweepIntervalMs: 0 });
  const file = new Uint8Array(randomBytes(5 * 256 * 1024 + 777)); // 6 segments
  const a = await open('Ada', { store: await reopen() });
  const b = await open('Bob');
  let a2: CrypTalkClient | undefined;
  try {
    const roomA = await a.createRoom();
    const roomB = await b.joinByLink(await roomA.invite());
    await until(() => roomB.ready && roomA.members().length === 2, 'the group join', 15_000);
    // The interruption: the upload stops after two segments (as when the page closes), then the client closes.
    const stop = new AbortController();
    const first: TransferProgress[] = [];
    const interrupted = roomA.sendAttachment(file, {
      name: 'big.bin',
      chunkSize: CHUNK,
      uploadId: 'upload-1',
      signal: stop.signal,
      onProgress: (p) => {
        first.push(p);
        if (p.bytes >= 2 * 256 * 1024) stop.abort();
      },
    });
    await assert.rejects(interrupted, { code: 'ATTACHMENT_ABORTED' });
    await a.close();

    a2 = await open('Ada', { store: await reopen() });
    const room2 = a2.room(roomA.id);
    assert.ok(room2);
    const pending = await room2.pendingUploads();
    assert.equal(pending.length, 1);
    assert.deepEqual(
      { id: pending[0]?.uploadId, name: pending[0]?.name, size: pending[0]?.size },
      { id: 'upload-1', name: 'big.bin', size: file.length },
    );
    assert.ok((pending[0]?.uploadedBytes ?? 0) >= 2 * 256 * 1024, 'two segments were stored as done');

    // A different file under the same id is refused, and nothing of it is sent.
    const other = file.slice();
    other[10] = (other[10] ?? 0) ^ 1;
    await assert.rejects(room2.sendAttachment(other, { uploadId: 'upload-1', chunkSize: CHUNK }), {
      code: 'ATTACHMENT_SOURCE_CHANGED',
    });
    assert.deepEqual(await room2.pendingUploads(), [], 'the saved progress of a changed file is dropped');

    // Interrupt once more, then resume with the same bytes after a restart.
    const stop2 = new AbortController();
    await assert.rejects(
      room2.sendAttachment(file, {
        uploadId: 'upload-2',
        chunkSize: CHUNK,
        signal: stop2.signal,
        onProgress: (p) => {
          if (p.bytes >= 3 * 256 * 1024) stop2.abort();
        },
      }),
      { code: 'ATTACHMENT_ABORTED' },
    );
    await a2.close();
    a2 = await open('Ada', { store: await reopen() });
    const room3 = a2.room(roomA.id);
    assert.ok(room3);
    const arrived = new Promise<ChatMessage>((resolve) =>
      b.on('message', (m) => m.kind === 'attachment' && resolve(m)),
    );
    const second: TransferProgress[] = [];
    const sent = await room3.sendAttachment(file, {
      uploadId: 'upload-2',
      chunkSize: CHUNK,
      onProgress: (p) => second.push(p),
    });
    assert.ok((second[0]?.bytes ?? 0) >= 3 * 256 * 1024, 'resumed after the segments already uploaded');
    assert.equal(second.at(-1)?.bytes, file.length);
    assert.deepEqual(await room3.pendingUploads(), [], 'a finished upload is forgotten');
    const m = await arrived;
    assert.equal(m.msgId, sent.msgId);
    const bytes = await b.downloadAttachment(m.attachment as NonNullable<ChatMessage['attachment']>);
    assert.equal(
      Buffer.compare(Buffer.from(bytes), Buffer.from(file)),
      0,
      'the receiver gets the same bytes',
    );
  } finally {
    await a2?.close();
    await a.close();
    await b.close();
  }
});
