import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type CallsLab, CallsRoom, type Participant, startCallsLab } from '../../bench/calls/harness.js';

let lab: CallsLab;
const rooms: CallsRoom[] = [];

before(async () => {
  lab = await startCallsLab();
});

after(async () => {
  await Promise.all(rooms.map((r) => r.close()));
  await lab?.close();
});

function newRoom(): CallsRoom {
  const room = new CallsRoom(lab);
  rooms.push(room);
  return room;
}

/** Whether the participant's decoded-frame count grows in quality samples taken after `t` (page clock). */
async function decodesAfter(p: Participant, t: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const samples = (await p.events())
      .filter((e) => e.type === 'quality' && e.t > t + 300)
      .map((e) => (e.data as { framesDecoded: number }).framesDecoded);
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (first !== undefined && last !== undefined && last > first + 10) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** The configured P2P budget for these tests (the default is 8 s; shorter keeps the suite fast). */
const P2P_TIMEOUT_MS = 3_000;

test('fallback: with P2P impossible the call moves to LiveKit within the configured time; a third participant goes straight to the SFU', async () => {
  const room = newRoom();
  // Bob may only use TURN, and his TURN server does not exist: no candidate pair can ever form.
  const unreachableTurn = [{ urls: 'turn:127.0.0.1:9?transport=udp', username: '1:x', credential: 'x' }];
  const [alice, bob] = await Promise.all([
    room.join('alice'),
    room.join('bob', { iceServers: unreachableTurn }),
  ]);
  const bobOptions = { statsIntervalMs: 250, p2pTimeoutMs: P2P_TIMEOUT_MS, iceTransportPolicy: 'relay' };
  await room.run(bob, 'autoAnswer', bobOptions);
  const callId = await room.run<string>(alice, 'dial', {
    statsIntervalMs: 250,
    p2pTimeoutMs: P2P_TIMEOUT_MS,
  });
  for (const p of [alice, bob]) {
    const fallback = await p.waitFor('fallback', P2P_TIMEOUT_MS + 5_000);
    assert.ok(['timeout', 'ice-failed', 'remote'].includes(String(fallback.data.reason)), p.id);
    const connected = await p.waitFor('connected', 30_000, (d) => d.mode === 'sfu');
    assert.ok(connected.t > 0);
    await p.waitFor('first-frame', 30_000);
    await p.waitFor('quality', 30_000, (d) => d.mode === 'sfu' && (d.framesDecoded as number) > 0);
  }
  const aliceFallback = await alice.waitFor('fallback', 0);
  assert.ok(
    (aliceFallback.data.afterMs as number) <= P2P_TIMEOUT_MS + 1_000,
    `fallback decided after ${aliceFallback.data.afterMs} ms`,
  );
  const aliceEvents = await alice.events();
  assert.ok(
    aliceEvents.some((e) => e.type === 'state' && (e.data as { iceRestarts?: number }).iceRestarts === 1),
    'one ICE restart before falling back',
  );

  const carol = await room.join('carol');
  // Carol was not there when it rang: she joins by the call's id.
  await room.run(carol, 'join', callId, { statsIntervalMs: 250 });
  await carol.waitFor('connected', 40_000, (d) => d.mode === 'sfu');
  const carolStates = (await carol.events()).filter((e) => e.type === 'state').map((e) => e.data);
  assert.ok(
    !carolStates.some((s) => s.mode === 'p2p'),
    `carol never tried P2P: ${JSON.stringify(carolStates)}`,
  );
  await carol.waitFor('first-frame', 30_000);
  for (const p of [alice, bob, carol]) await room.run(p, 'leave');
});

test('E2EE through the SFU: a participant holding the wrong key decodes no frames and gets a decryption-error event', async () => {
  const room = newRoom();
  const [alice, bob, mallory] = await Promise.all([
    room.join('alice'),
    room.join('bob'),
    room.join('mallory', { groupSecretHex: randomBytes(32).toString('hex') }),
  ]);
  await room.run(bob, 'autoAnswer', { statsIntervalMs: 250 });
  await room.run(mallory, 'autoAnswer', { statsIntervalMs: 250 });
  await room.run(alice, 'dial', { statsIntervalMs: 250 });
  // Three participants: everyone ends up in the SFU.
  for (const p of [alice, bob, mallory]) await p.waitFor('connected', 40_000, (d) => d.mode === 'sfu');
  // Alice and Bob share the room's key: they decode each other.
  for (const p of [alice, bob]) await p.waitFor('first-frame', 30_000);
  // Mallory receives the tracks but cannot decrypt them.
  await mallory.waitFor('track', 30_000, (d) => d.kind === 'video');
  const err = await mallory.waitFor('decryption-error', 30_000);
  assert.equal(err.data.code, 'CALL_DECRYPTION_FAILED');
  // Let frames flow a while longer, then check that none decoded on Mallory's side.
  await new Promise((r) => setTimeout(r, 1_500));
  const malloryEvents = await mallory.events();
  assert.equal(malloryEvents.filter((e) => e.type === 'first-frame').length, 0, 'mallory rendered no frame');
  const decoded = malloryEvents
    .filter((e) => e.type === 'quality')
    .map((e) => (e.data as { framesDecoded: number }).framesDecoded);
  assert.ok(decoded.length > 0, 'mallory sampled stats');
  assert.equal(Math.max(...decoded), 0, 'mallory decoded no frames');
  // Mallory leaves: Alice and Bob move to the next key epoch and keep decoding each other.
  await room.run(mallory, 'leave');
  for (const p of [alice, bob]) {
    const rotated = await p.waitFor('key-rotated', 5_000);
    assert.equal(rotated.data.epoch, 1, p.id);
    assert.ok(await decodesAfter(p, rotated.t), `${p.id} keeps decoding after the rotation`);
  }
  for (const p of [alice, bob]) await room.run(p, 'leave');
});
