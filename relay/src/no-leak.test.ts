import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ciphertext, roomId, startRelayProcess, TestClient } from './testing/index.js';

test('a busy run leaves no room id, key, IP or payload in the logs or the metrics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-leak-'));
  const relay = await startRelayProcess(['--store', 'embedded', '--data-dir', dir], {
    CRYPTALK_LOG: 'trace',
  });
  const secrets: string[] = ['127.0.0.1'];
  try {
    const rooms = [roomId(), roomId()];
    secrets.push(...rooms);
    const a = await TestClient.connect(relay.url);
    const b = await TestClient.connect(relay.url);
    for (const room of rooms) {
      await a.join(room);
      await b.join(room);
      secrets.push(a.roomKey(room), b.roomKey(room));
      for (let i = 0; i < 20; i++) {
        const ct = ciphertext(30);
        const msgId = randomBytes(16).toString('base64url');
        secrets.push(ct, msgId);
        await a.publish(room, ct, msgId);
      }
      const data = ciphertext(20);
      secrets.push(data);
      a.send({ v: 1, t: 'signal', room, data });
      b.send({ v: 1, t: 'recv', room, offset: 5 });
    }
    // Failures of every kind.
    const ch = await b.challenge();
    const bad = b.prove(rooms[0] as string, ch);
    b.send({ v: 1, t: 'join', room: rooms[0] as string, proof: { ...bad, sig: `A${bad.sig.slice(1)}` } });
    b.send('{"v":1,"t":"publish","room":"garbage-room-id-value-here"');
    b.send({
      v: 1,
      t: 'publish',
      room: roomId(),
      msgId: randomBytes(16).toString('base64url'),
      epoch: 0,
      ct: 'eA',
    });
    const owner = a.prove('directory', await a.challenge());
    secrets.push(owner.key, 'QlVORExFLXNlY3JldA');
    a.send({ v: 1, t: 'keys.put', proof: owner, bundle: 'QlVORExFLXNlY3JldA', rid: 'k' });
    await a.next((f) => f.rid === 'k');
    const blob = randomBytes(500);
    const blobId = createHash('sha256').update(blob).digest('base64url');
    secrets.push(blobId);
    const http = relay.url.replace('ws://', 'http://');
    assert.equal(
      (await fetch(`${http}/v1/blobs/${blobId}`, { method: 'PUT', body: new Uint8Array(blob) })).status,
      201,
    );
    await a.publish(rooms[1] as string, ciphertext());
    const metrics = await (await fetch(`${http}/metrics`)).text();
    a.close();
    b.close();
    await relay.stop('SIGTERM');
    const lines = relay
      .stdout()
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('cryptalk-relay listening'));
    assert.ok(lines.length >= 5, `expected a busy log, got ${lines.length} lines`);
    for (const line of lines) JSON.parse(line); // every log line is structured JSON
    const haystack = `${lines.join('\n')}\n${metrics}`;
    assert.match(metrics, /cryptalk_messages_stored_total \d+/);
    for (const s of secrets)
      assert.ok(!haystack.includes(s), `logs or metrics contain a secret (${s.length} chars)`);
  } finally {
    await relay.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
