import { VIDEO_PROBE_TIMEOUT_MS } from './limits.js';

/** What {@link probeColourVideo} found out about a camera track. */
export type VideoProbe = 'colour' | 'unusable' | 'unknown';

/** `MediaStreamTrackProcessor` (WebCodecs over a track; Chromium on the main thread). */
type TrackProcessorCtor = new (init: {
  track: MediaStreamTrack;
}) => { readable: ReadableStream<{ format: string | null; close(): void }> };

/**
 * Whether a camera track delivers colour video an encoder can send: reads one frame from a clone of it with
 * `MediaStreamTrackProcessor` and checks that the frame has a `VideoPixelFormat` (WebCodecs §9.4: `format`
 * is `null` for pixel formats outside the enum, e.g. the Y16 of a depth camera such as Chromium's fake
 * `fake_device_1`, which `RTCRtpSender` never encodes). A track that delivers no frame within
 * {@link VIDEO_PROBE_TIMEOUT_MS} is unusable too.
 * @param track - a live video track from `getUserMedia`.
 * @param timeoutMs - how long to wait for the first frame.
 * @returns `colour`, `unusable`, or `unknown` where the browser cannot read frames (then the track is used).
 */
export async function probeColourVideo(
  track: MediaStreamTrack,
  timeoutMs: number = VIDEO_PROBE_TIMEOUT_MS,
): Promise<VideoProbe> {
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorCtor })
    .MediaStreamTrackProcessor;
  if (!Processor || track.kind !== 'video') return 'unknown';
  const clone = track.clone();
  let reader: ReadableStreamDefaultReader<{ format: string | null; close(): void }> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    reader = new Processor({ track: clone }).readable.getReader();
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const read = await Promise.race([reader.read(), timeout]);
    if (read === 'timeout' || read.done || !read.value) return 'unusable';
    const colour = read.value.format !== null;
    read.value.close();
    return colour ? 'colour' : 'unusable';
  } catch {
    return 'unknown';
  } finally {
    clearTimeout(timer);
    void reader?.cancel().catch(() => {});
    clone.stop();
  }
}
