/** RMS level (0…1) above which a participant counts as speaking. */
export const SPEAKING_LEVEL = 0.02;
/** How often audio levels are sampled, in ms. */
export const SPEAKING_INTERVAL_MS = 200;

/**
 * Finds the active speaker from audio levels: one `AnalyserNode` per participant's audio, sampled on a timer;
 * the loudest participant above {@link SPEAKING_LEVEL} is the active speaker. Does nothing where Web Audio is
 * missing (Node). Nothing leaves the page: the levels are computed locally from media already received.
 */
export class SpeakingDetector {
  private ctx: AudioContext | undefined;
  private readonly sources = new Map<string, { node: MediaStreamAudioSourceNode; analyser: AnalyserNode }>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private current: string | undefined;
  private readonly buffer = new Float32Array(512);

  /** @param onChange - called with the new active speaker's id (or `undefined`) when it changes. */
  constructor(private readonly onChange: (speaker: string | undefined) => void) {}

  /** The active speaker's id, if anyone speaks. */
  get speaker(): string | undefined {
    return this.current;
  }

  /**
   * Listens to a participant's audio (replacing what was listened to for them).
   * @param id - the participant.
   * @param stream - their media; ignored without an audio track.
   */
  watch(id: string, stream: MediaStream): void {
    if (typeof AudioContext === 'undefined' || stream.getAudioTracks().length === 0) return;
    this.unwatch(id);
    this.ctx ??= new AudioContext();
    const node = this.ctx.createMediaStreamSource(stream);
    const analyser = this.ctx.createAnalyser();
    analyser.fftSize = this.buffer.length;
    node.connect(analyser);
    this.sources.set(id, { node, analyser });
    this.timer ??= setInterval(() => this.sample(), SPEAKING_INTERVAL_MS);
  }

  /** Stops listening to a participant. */
  unwatch(id: string): void {
    const s = this.sources.get(id);
    if (!s) return;
    s.node.disconnect();
    this.sources.delete(id);
    if (this.current === id) this.set(undefined);
  }

  /** Stops everything. */
  close(): void {
    for (const id of [...this.sources.keys()]) this.unwatch(id);
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    void this.ctx?.close().catch(() => {});
    this.ctx = undefined;
  }

  private sample(): void {
    if (this.ctx?.state === 'suspended') void this.ctx.resume().catch(() => {});
    let loudest: string | undefined;
    let max = SPEAKING_LEVEL;
    for (const [id, { analyser }] of this.sources) {
      analyser.getFloatTimeDomainData(this.buffer);
      let sum = 0;
      for (const v of this.buffer) sum += v * v;
      const rms = Math.sqrt(sum / this.buffer.length);
      if (rms > max) {
        max = rms;
        loudest = id;
      }
    }
    this.set(loudest);
  }

  private set(speaker: string | undefined): void {
    if (speaker === this.current) return;
    this.current = speaker;
    this.onChange(speaker);
  }
}
