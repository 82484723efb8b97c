import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CallsLab, CallsRoom, startCallsLab } from '../../bench/calls/harness.js';

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

test('P2P call between two browser contexts: connected on a host/host pair, frames decode on both sides', async () => {
  const room = newRoom();
  const [alice, bob] = await Promise.all([room.join('alice'), room.join('bob')]);
  await room.run(bob, 'autoAnswer', { statsIntervalMs: 250 });
  await room.run(alice, 'dial', { statsIntervalMs: 250 });
  for (const p of [alice, bob]) {
    const connected = await p.waitFor('connected', 30_000);
    assert.equal(connected.data.mode, 'p2p', p.id);
    // The selected pair settles on host/host (an early sample may still name the remote as peer-reflexive,
    // when its connectivity check beat its candidate signal).
    const q = await p.waitFor(
      'quality',
      10_000,
      (d) =>
        (d.framesDecoded as number) > 0 &&
        d.localCandidateType === 'host' &&
        d.remoteCandidateType === 'host',
    );
    assert.equal(q.data.mode, 'p2p');
    await p.waitFor('first-frame', 30_000);
  }
  // Signalling went through the (encrypted, in the real client) signal channel only; no fallback happened.
  assert.ok(room.signalKinds.includes('description') && room.signalKinds.includes('candidate'));
  assert.ok(!room.signalKinds.includes('sfu'));
  assert.equal((await alice.events()).filter((e) => e.type === 'fallback').length, 0);
  // Mute is a local switch that reports back.
  assert.equal(await room.run(alice, 'mute', 'audio', true), true);
  await room.run(alice, 'leave');
  await bob.waitFor('ended', 5_000, (d) => d.code === 'remote-hangup');
});

test('TURN: with iceTransportPolicy "relay" the call connects through coturn on a relay pair', async () => {
  const room = newRoom();
  const [alice, bob] = await Promise.all([room.join('alice'), room.join('bob')]);
  await room.run(bob, 'autoAnswer', { statsIntervalMs: 250, iceTransportPolicy: 'relay' });
  await room.run(alice, 'dial', { statsIntervalMs: 250, iceTransportPolicy: 'relay' });
  for (const p of [alice, bob]) {
    const connected = await p.waitFor('connected', 30_000);
    assert.equal(connected.data.mode, 'p2p', p.id);
    const q = await p.waitFor('quality', 30_000, (d) => (d.framesDecoded as number) > 0);
    assert.equal(q.data.localCandidateType, 'relay', `${p.id} local candidate`);
    await p.waitFor('first-frame', 30_000);
  }
  await room.run(alice, 'leave');
});
