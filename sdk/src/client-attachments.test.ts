import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import WebSocket from 'ws';
import { useTestRelay } from '../../test/helpers/test-relay.js';
import { type ChatMessage, CrypTalkClient, type TransferProgress } from './index.js';

const relay = useTestRelay();

test('an attachment: encrypted upload with progress, an attachment message, download with progress and the same bytes', async () => {
  const open = (displayName: string) =>
    CrypTalkClient.open({ relay: relay().url, WebSocket: WebSocket as never, displayName });
  const [a, b] = await Promise.all([open('Ada'), open('Bob')]);
  try {
    const roomA = await a.createRoom();
    const roomB = await b.joinByLink(await roomA.invite());
    await new Promise<void>((resolve) => {
      const check = () => (roomA.members().length === 2 ? resolve() : setTimeout(check, 20));
      check();
    });
    const file = new Uint8Array(randomBytes(3 * 1024 * 1024 + 123));
    const arrived = new Promise<ChatMessage>((resolve) =>
      b.on('message', (m) => m.kind === 'attachment' && resolve(m)),
    );
    const up: TransferProgress[] = [];
    const sent = await roomA.sendAttachment(file, {
      name: 'photo.bin',
      mime: 'application/octet-stream',
      chunkSize: 64 * 1024,
      onProgress: (p) => up.push(p),
    });
    assert.equal(sent.kind, 'attachment');
    assert.ok(up.length >= 3, `${up.length} upload progress events`);
    for (let i = 1; i < up.length; i++)
      assert.ok((up[i]?.bytes ?? 0) >= (up[i - 1]?.bytes ?? 0), 'monotonic');
    assert.equal(up.at(-1)?.bytes, file.length);
    const m = await arrived;
    assert.equal(m.msgId, sent.msgId);
    assert.equal(m.attachment?.name, 'photo.bin');
    assert.equal(m.attachment?.size, file.length);
    const down: TransferProgress[] = [];
    const bytes = await b.downloadAttachment(m.attachment as NonNullable<ChatMessage['attachment']>, {
      onProgress: (p) => down.push(p),
    });
    assert.equal(Buffer.compare(Buffer.from(bytes), Buffer.from(file)), 0, 'same bytes');
    assert.equal(down.at(-1)?.bytes, file.length);
    assert.ok(down.every((p) => p.phase === 'download'));
    assert.equal((await roomB.history()).messages[0]?.attachment?.blobId, m.attachment?.blobId);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
