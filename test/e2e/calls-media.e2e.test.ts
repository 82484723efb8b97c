import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CallsLab, CallsRoom, type Participant, startCallsLab } from '../../bench/calls/harness.js';

/**
 * Real media in a P2P call (Chromium's fake devices): switching the camera and sharing the screen replace the
 * sent track without renegotiating, and the other side keeps decoding frames of the new source.
 *
 * Headless Chromium with `--use-fake-ui-for-media-stream --use-fake-device-for-media-stream` answers
 * `getDisplayMedia` with a fake 1280×720 monitor (no user gesture or picker flag needed); `device-count=3`
 * adds `fake_device_1` and `fake_device_2` beside `fake_device_0`. `fake_device_1` delivers Y16 (a depth
 * camera): its frames play in a `<video>` but the WebRTC encoder sends none of them (after `replaceTrack` to it
 * `framesEncoded` stops). The SDK probes a camera's first frame (`probeColourVideo`: a Y16 frame has no
 * WebCodecs pixel format) and never uses such a camera: `selectDevice` refuses it with `CALL_NO_USABLE_CAMERA`
 * and `switchCamera` skips it (fake_device_0 → fake_device_2).
 */

let lab: CallsLab;
let room: CallsRoom;
/** The side that switches media (for diagnostics when a wait fails). */
let sender: Participant | undefined;

/** Generous waits: a loaded 2-core machine encodes and decodes slowly. */
const WAIT_MS = 30_000;

before(async () => {
  lab = await startCallsLab({ chromiumArgs: ['--use-fake-device-for-media-stream=device-count=3'] });
});

after(async () => {
  await room?.close();
  await lab?.close();
});

interface Inbound {
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
}
interface SentVideo {
  local?: {
    id: string;
    label: string;
    deviceId?: string;
    width?: number;
    height?: number;
    readyState: string;
  };
  sent?: { id: string; label: string };
}

const inbound = (p: Participant) => room.run<Inbound | undefined>(p, 'inboundVideo');
const sentVideo = (p: Participant) => room.run<SentVideo>(p, 'sentVideo');

/** Polls `probe` until `ok` holds (bounded by {@link WAIT_MS}); returns the last value. */
async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) {
      const diag = sender
        ? { sent: await sentVideo(sender), outbound: await room.run(sender, 'outboundVideo') }
        : undefined;
      throw new Error(
        `${what}: not within ${WAIT_MS} ms (last: ${JSON.stringify(last)}; sender: ${JSON.stringify(diag)})`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}

/** Waits until the remote decoded `more` frames past `from`; returns its inbound video then. */
async function decodesMore(p: Participant, from: number, more: number, what: string): Promise<Inbound> {
  const v = await until(
    what,
    () => inbound(p),
    (x) => (x?.framesDecoded ?? 0) >= from + more,
  );
  if (!v) throw new Error(`${what}: no inbound video`);
  return v;
}

/** Width over height of what the remote decodes. */
const aspect = (v: Inbound | undefined) => (v?.frameHeight ? v.frameWidth / v.frameHeight : 0);

test('P2P: switching camera and sharing the screen replace the sent track; the remote keeps decoding', async () => {
  room = new CallsRoom(lab);
  const [alice, bob] = await Promise.all([room.join('alice'), room.join('bob')]);
  sender = alice;
  await room.run(bob, 'autoAnswer', { statsIntervalMs: 500 });
  await room.run(alice, 'dial', { statsIntervalMs: 500 });
  for (const p of [alice, bob]) {
    const connected = await p.waitFor('connected', WAIT_MS);
    assert.equal(connected.data.mode, 'p2p', p.id);
  }
  const started = await decodesMore(bob, 0, 10, 'bob decodes alice’s camera');
  const first = await decodesMore(bob, started.framesDecoded, 15, 'bob keeps decoding the first camera');

  // ── selectDevice: the third fake camera (MJPEG) replaces the first in the preview and on the wire ──
  // (fake_device_1 is Chromium's Y16 depth camera, which the video encoder does not take: see below.)
  const before = await sentVideo(alice);
  assert.ok(before.local && before.sent, 'alice sends a video track');
  assert.equal(before.sent.id, before.local.id, 'the sent track is the preview’s');
  const cams = (
    await room.run<Array<{ kind: string; label: string; deviceId: string }>>(alice, 'devices')
  ).filter((d) => d.kind === 'videoinput');
  const third = cams.find((c) => c.label === 'fake_device_2');
  assert.ok(third, `three fake cameras (device-count=3), got ${cams.map((c) => c.label).join(', ')}`);
  await room.run(alice, 'selectDevice', 'videoinput', third.deviceId);
  const selected = await sentVideo(alice);
  assert.ok(selected.local && selected.sent);
  assert.notEqual(selected.local.id, before.local.id, 'a new camera track');
  assert.equal(selected.local.deviceId, third.deviceId, 'from the selected camera');
  assert.notEqual(selected.local.label, before.local.label, 'the other camera’s label');
  assert.equal(selected.sent.id, selected.local.id, 'the P2P sender sends the new track');
  const afterSelect = await inbound(bob);
  await decodesMore(
    bob,
    afterSelect?.framesDecoded ?? first.framesDecoded,
    15,
    'bob keeps decoding after selectDevice',
  );

  // ── switchCamera: the next camera after the last is the first one again ──
  await room.run(alice, 'switchCamera');
  const switched = await sentVideo(alice);
  assert.ok(switched.local && switched.sent);
  assert.notEqual(switched.local.id, selected.local.id, 'a new camera track');
  assert.equal(switched.local.label, 'fake_device_0', 'switchCamera wraps to the first camera');
  assert.equal(switched.sent.id, switched.local.id, 'the P2P sender sends it');
  const afterSwitch = await inbound(bob);
  await decodesMore(bob, afterSwitch?.framesDecoded ?? 0, 15, 'bob keeps decoding after switchCamera');

  // ── the depth camera (fake_device_1, Y16) is never used: chosen, it is refused with a typed error and the
  // current camera stays; switching from fake_device_0 skips it and lands on fake_device_2 ──
  const depth = cams.find((c) => c.label === 'fake_device_1');
  assert.ok(depth, 'the fake depth camera is listed');
  assert.equal(
    await room.run<string>(alice, 'mediaErrorCode', 'selectDevice', 'videoinput', depth.deviceId),
    'CALL_NO_USABLE_CAMERA',
  );
  const kept = await sentVideo(alice);
  assert.equal(kept.local?.id, switched.local.id, 'the current camera stays after the refusal');
  assert.equal(kept.sent?.id, switched.local.id, 'and is still sent');
  assert.equal(await room.run<string>(alice, 'mediaErrorCode', 'switchCamera'), '');
  const skipped = await sentVideo(alice);
  assert.equal(skipped.local?.label, 'fake_device_2', 'switchCamera skips the depth camera');
  assert.equal(skipped.sent?.id, skipped.local?.id, 'the P2P sender sends it');
  const afterSkip = await inbound(bob);
  await decodesMore(
    bob,
    afterSkip?.framesDecoded ?? 0,
    15,
    'bob keeps decoding after skipping the depth camera',
  );
  await room.run(alice, 'switchCamera');
  const camera = await sentVideo(alice);
  assert.equal(camera.local?.label, 'fake_device_0', 'and wraps to the first camera again');
  const afterWrap = await inbound(bob);
  await decodesMore(bob, afterWrap?.framesDecoded ?? 0, 15, 'bob keeps decoding the first camera again');
  const cameraAspect = aspect(await inbound(bob));
  assert.ok(Math.abs(cameraAspect - 4 / 3) < 0.05, `the camera arrives as 4:3 (got ${cameraAspect})`);

  // ── screen share: the fake monitor (16:9) is sent instead of the camera, then the camera again ──
  await room.run(alice, 'startScreenShare');
  const sharing = await sentVideo(alice);
  assert.ok(sharing.local && sharing.sent);
  assert.match(sharing.local.label, /^screen:/, 'the screen track is in the preview');
  assert.equal(sharing.sent.id, sharing.local.id, 'the screen track is sent');
  const screen = await until(
    'bob decodes the 16:9 screen',
    () => inbound(bob),
    (v) => Math.abs(aspect(v) - 16 / 9) < 0.05,
  );
  await decodesMore(bob, screen?.framesDecoded ?? 0, 10, 'bob keeps decoding the screen');

  await room.run(alice, 'stopScreenShare');
  const back = await sentVideo(alice);
  assert.equal(back.local?.id, camera.local?.id, 'the camera track is back in the preview');
  assert.equal(back.sent?.id, camera.local?.id, 'and sent again');
  const camAgain = await until(
    'bob decodes the 4:3 camera again',
    () => inbound(bob),
    (v) => Math.abs(aspect(v) - 4 / 3) < 0.05,
  );
  await decodesMore(bob, camAgain?.framesDecoded ?? 0, 10, 'bob keeps decoding the camera');

  assert.equal(
    (await alice.events()).filter((e) => e.type === 'fallback').length,
    0,
    'no fallback to the SFU',
  );
  assert.equal((await alice.events()).filter((e) => e.type === 'error').length, 0, 'no call error');
  await room.run(alice, 'leave');
  await bob.waitFor('ended', WAIT_MS, (d) => d.code === 'remote-hangup');
});
