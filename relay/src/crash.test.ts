import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ciphertext, type RelayProcess, roomId, startRelayProcess, TestClient } from './testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cryptalk-crash-'));
const procs: RelayProcess[] = [];
after(async () => {
  await Promise.all(procs.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

test('embedded store: SIGKILL under load loses no acked message', async () => {
  const args = [
    '--store',
    'embedded',
    '--data-dir',
    dir,
    '--conn-frames-per-sec',
    '5000',
    '--conn-frames-burst',
    '5000',
  ];
  const first = await startRelayProcess(args);
  procs.push(first);
  const room = roomId();
  const clients = await Promise.all([0, 1, 2].map(() => TestClient.connect(first.url)));
  let epoch = '';
  for (const c of clients) epoch = (await c.join(room)).epoch;
  const acked = new Map<string, number>();
  let stop = false;
  const load = clients.map(async (c) => {
    let inflight = 0;
    while (!stop) {
      while (inflight < 32) {
        c.send({ v: 1, t: 'publish', room, msgId: ciphertext(16).slice(0, 22), epoch: 0, ct: ciphertext() });
        inflight++;
      }
      const f = await Promise.race([c.next((x) => x.t === 'ack', 20_000), c.closed.then(() => undefined)]);
      if (f === undefined) return; // the relay was killed
      if (f.t === 'ack') acked.set(f.msgId, f.offset);
      inflight--;
    }
  });
  while (acked.size < 600) await new Promise((r) => setTimeout(r, 10));
  await first.stop('SIGKILL');
  stop = true;
  await Promise.all(load);
  for (const c of clients) c.close();

  const second = await startRelayProcess(args);
  procs.push(second);
  const reader = await TestClient.connect(second.url);
  const j = await reader.join(room, { resume: { epoch, offset: 0 } });
  assert.equal(j.recovered, true, 'the room and its history survived');
  await reader.next((f) => f.t === 'drained', 20_000);
  const got = new Map(reader.takeDeliveries(room).map((d) => [d.msgId, d.offset]));
  for (const [msgId, offset] of acked)
    assert.equal(got.get(msgId), offset, 'acked message present after restart');
  assert.ok(acked.size >= 600);
  reader.close();
  await second.stop();
});
