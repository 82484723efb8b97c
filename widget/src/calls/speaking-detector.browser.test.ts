import { expect, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { SpeakingDetector } from './speaking-detector.js';

/** A stream carrying a tone at `gain`. */
function tone(gain: number): { stream: MediaStream; stop: () => void } {
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  const g = ctx.createGain();
  g.gain.value = gain;
  const dest = ctx.createMediaStreamDestination();
  osc.connect(g).connect(dest);
  osc.start();
  void ctx.resume();
  return { stream: dest.stream, stop: () => void ctx.close() };
}

/** A real click, so the page may start audio (Chromium's autoplay policy). */
async function userGesture(): Promise<void> {
  const target = document.createElement('button');
  target.textContent = 'start audio';
  target.style.cssText = 'position:fixed;inset-inline-start:0;top:0;width:60px;height:40px';
  document.body.append(target);
  await sendMouse({ type: 'click', position: [10, 10] });
  target.remove();
}

describe('SpeakingDetector', () => {
  before(userGesture);

  it('names the loudest participant above the speaking level, and nobody when they stop', async () => {
    const changes: Array<string | undefined> = [];
    const detector = new SpeakingDetector((id) => changes.push(id));
    const loud = tone(0.5);
    const quiet = tone(0.0001);
    detector.watch('quiet', quiet.stream);
    detector.watch('loud', loud.stream);
    await waitUntil(() => detector.speaker === 'loud', 'the loud participant speaks', { timeout: 5000 });
    detector.unwatch('loud');
    expect(detector.speaker).to.equal(undefined);
    expect(changes).to.deep.equal(['loud', undefined]);
    detector.close();
    loud.stop();
    quiet.stop();
  });
});
