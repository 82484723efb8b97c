/**
 * A test page running a real `CrypTalkClient` in the browser (bundled with esbuild by
 * test/e2e/calls-room.e2e.test.ts): it joins a room on a real relay by invite and calls with `room.call()`,
 * the room's end-to-end-encrypted ephemeral signals carrying the signalling. Driven through `window.ctRoom`.
 */
import { type Call, CallManager } from '../../sdk/src/calls/index.js';
import { CrypTalkClient, type Room } from '../../sdk/src/index.js';

let client: CrypTalkClient | undefined;
let room: Room | undefined;
let call: Call | undefined;
let startedAt = 0;
let firstFrameMs: number | undefined;
const events: string[] = [];
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
  async open(relay: string): Promise<string> {
    client = await CrypTalkClient.open({ relay, displayName: 'e2e', calls: { CallManager } });
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
  autoAnswer(): void {
    need(room, 'join').on('ringing', (incoming) => {
      startedAt = performance.now();
      watch(incoming.join({ audio: true, video: true, p2pTimeoutMs: P2P_TIMEOUT_MS }));
    });
  },
  async call(): Promise<string> {
    startedAt = performance.now();
    const c = await need(room, 'join').call({
      audio: true,
      video: true,
      prewarmSfu: false,
      p2pTimeoutMs: P2P_TIMEOUT_MS,
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
    };
  },
  async hangUp(): Promise<void> {
    await call?.leave();
    await client?.close();
  },
};

(globalThis as unknown as { ctRoom: typeof api }).ctRoom = api;
