/** Frame rate of fake video, frames per second. */
const FAKE_FPS = 10;

/** What a fake stream carries. */
export interface FakeMediaOptions {
  /** A video track drawn on a canvas. @default true */
  video?: boolean;
  /** An audio track from an oscillator (near-silent). @default true */
  audio?: boolean;
  /** Text drawn on the video (e.g. a name; drawn as pixels, never as markup). */
  label?: string;
  /** Background hue of the video, 0…360. */
  hue?: number;
}

/**
 * A live `MediaStream` without devices or permissions, for tests and stories: a canvas `captureStream` whose
 * frames are redrawn on a timer, and an oscillator through a near-zero gain. Stopping every track stops the
 * timer and closes the audio context.
 * @param options - which tracks, and what the video shows.
 * @returns the stream.
 * @example
 * video.srcObject = fakeMediaStream({ label: 'Mina', hue: 200 });
 */
export function fakeMediaStream(options: FakeMediaOptions = {}): MediaStream {
  const stream = new MediaStream();
  const cleanups: Array<() => void> = [];
  if (options.video !== false) {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const g = canvas.getContext('2d');
    let frame = 0;
    const draw = () => {
      if (!g) return;
      g.fillStyle = `hsl(${options.hue ?? 210} 45% 35%)`;
      g.fillRect(0, 0, 320, 240);
      g.fillStyle = '#fff';
      g.beginPath();
      g.arc(160 + 60 * Math.cos(frame / 8), 120, 18, 0, 2 * Math.PI);
      g.fill();
      g.font = '24px sans-serif';
      g.fillText(options.label ?? '', 16, 224);
      frame++;
    };
    draw();
    const timer = setInterval(draw, 1000 / FAKE_FPS);
    cleanups.push(() => clearInterval(timer));
    for (const t of canvas.captureStream(FAKE_FPS).getVideoTracks()) stream.addTrack(t);
  }
  if (options.audio !== false) {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    gain.gain.value = 0.0001;
    const dest = ctx.createMediaStreamDestination();
    osc.connect(gain).connect(dest);
    osc.start();
    cleanups.push(() => void ctx.close().catch(() => {}));
    for (const t of dest.stream.getAudioTracks()) stream.addTrack(t);
  }
  let live = stream.getTracks().length;
  for (const track of stream.getTracks()) {
    const stop = track.stop.bind(track);
    track.stop = () => {
      if (track.readyState === 'ended') return;
      stop();
      if (--live === 0) for (const c of cleanups) c();
    };
  }
  return stream;
}
