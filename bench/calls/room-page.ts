/**
 * A test page running a real `CrypTalkClient` in the browser (bundled with esbuild by
 * test/e2e/calls-room.e2e.test.ts): it joins a room on a real relay by invite and calls with `room.call()`,
 * the room's end-to-end-encrypted ephemeral signals carrying the signalling. Driven through `window.ctRoom`.
 */
import { type Call, CallManager, type CallOptions } from '../../sdk/src/calls/index.js';
import { CrypTalkClient, type Room } from '../../sdk/src/index.js';

let client: CrypTalkClient | undefined;
let room: Room | undefined;
let call: Call | undefined;
let startedAt = 0;
let firstFrameMs: number | undefined;
const events: string[] = [];
/** The last quality sample's decoded-frame count (P2P or SFU) and when it was taken (page clock). */
let lastFrames = { framesDecoded: 0, at: 0 };
let keyEpoch = 0;
/**
 * The P2P budget for these tests: generous, because they check the wiring (signals, credentials, keys) on
 * shared, often loaded CI machines; the benchmark (bench/calls) measures the default budget.
 */
const P2P_TIMEOUT_MS = 30_000;

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`${what} first`);
  return v;
}

async function framesDecoded(): Promise<number> {
  const pc = call?.peerConnection;
  if (!pc) return 0;
  let n = 0;
  (await pc.getStats()).forEach((r: { type: string; kind?: string; framesDecoded?: number }) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video') n += r.framesDecoded ?? 0;
  });
  return n;
}

function watch(c: Call): void {
  call = c;
  c.on('state', (s) => events.push(`state:${s.kind}${'mode' in s ? `:${s.mode}` : ''}`));
  c.on('error', (e) => events.push(`error:${e.code}`));
  c.on('fallback', (f) => events.push(`fallback:${f.reason}`));
  c.on('key-rotated', ({ epoch }) => {
    keyEpoch = epoch;
    events.push(`key-rotated:${epoch}`);
  });
  c.on('decryption-error', () => events.push('decryption-error'));
  c.on('quality', (q) => {
    lastFrames = { framesDecoded: q.framesDecoded, at: performance.now() };
  });
  c.on('track', () => {
    const poll = async () => {
      if (firstFrameMs !== undefined || c.state.kind === 'ended') return;
      if ((await framesDecoded()) > 0) firstFrameMs = performance.now() - startedAt;
      else setTimeout(poll, 20);
    };
    void poll();
  });
}

const api = {
  /** Opens a client; `e2ee`: with LiveKit's E2EE Worker (served beside the page) for SFU calls. */
  async open(relay: string, e2ee = false): Promise<string> {
    const e2eeWorker = () => new Worker('/e2ee-worker.mjs', { type: 'module' });
    client = await CrypTalkClient.open({
      relay,
      displayName: 'e2e',
      calls: e2ee ? { CallManager, e2eeWorker } : { CallManager },
    });
    return client.id;
  },
  async create(): Promise<string> {
    room = await need(client, 'open').createRoom({ name: 'calls-room' });
    return room.invite({ ttlSeconds: 600 });
  },
  async join(link: string): Promise<void> {
    room = await need(client, 'open').joinByLink(link);
  },
  members(): number {
    return room?.members().length ?? 0;
  },
  autoAnswer(options: CallOptions = {}): void {
    need(room, 'join').on('ringing', (incoming) => {
      startedAt = performance.now();
      watch(incoming.join({ audio: true, video: true, p2pTimeoutMs: P2P_TIMEOUT_MS, ...options }));
    });
  },
  async call(options: CallOptions = {}): Promise<string> {
    startedAt = performance.now();
    const c = await need(room, 'join').call({
      audio: true,
      video: true,
      prewarmSfu: false,
      p2pTimeoutMs: P2P_TIMEOUT_MS,
      ...options,
    });
    watch(c);
    return c.id;
  },
  async status() {
    const s = call?.state;
    return {
      kind: s?.kind,
      mode: s && 'mode' in s ? s.mode : undefined,
      framesDecoded: await framesDecoded(),
      firstFrameMs,
      events,
      /** Decoded video frames in the last quality sample (P2P or SFU), and when it was taken. */
      sampledFrames: lastFrames.framesDecoded,
      sampledAt: lastFrames.at,
      now: performance.now(),
      keyEpoch,
      // The SFU session's LiveKit room (internal to the SDK; read here to check E2EE is on).
      e2ee: (call as unknown as { sfu?: { room: { isE2EEEnabled: boolean } } } | undefined)?.sfu?.room
        .isE2EEEnabled,
      participants: call?.participants.length ?? 0,
    };
  },
  async hangUp(): Promise<void> {
    await call?.leave();
    await client?.close();
  },
};

(globalThis as unknown as { ctRoom: typeof api }).ctRoom = api;
