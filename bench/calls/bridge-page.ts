/**
 * A test page for calls through the widget's backend boundary (bundled with esbuild by
 * test/e2e/calls-room.e2e.test.ts): the SDK client runs in the `worker` placement's Worker
 * (`cryptalk-worker.js` = widget/src/placement/backend-host.worker.ts), and the page runs the calls with
 * `enableBackendCalls` over the `RemoteBackend`. Driven through `window.ctBridge`.
 */

import { enableBackendCalls } from '../../widget/src/calls/backend-calls.js';
import type { CallHandle } from '../../widget/src/calls/call-handle.js';
import { createWorkerBackend } from '../../widget/src/placement/worker-backend.js';

type Calls = NonNullable<ReturnType<typeof enableBackendCalls>>;
let backend: Awaited<ReturnType<typeof createWorkerBackend>> | undefined;
let calls: Calls | undefined;
let handle: CallHandle | undefined;
let startedAt = 0;
let firstFrameMs: number | undefined;
const video = document.createElement('video');
video.muted = true;
video.autoplay = true;
document.body.append(video);

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`${what} first`);
  return v;
}

function watch(h: CallHandle): void {
  handle = h;
  const onChange = () => {
    const stream = h.participants.find((p) => p.stream)?.stream;
    if (stream && video.srcObject !== stream) {
      video.srcObject = stream;
      void video.play().catch(() => undefined);
      video.requestVideoFrameCallback(() => {
        firstFrameMs ??= performance.now() - startedAt;
      });
    }
  };
  h.on('change', onChange);
  onChange();
}

const api = {
  async open(relay: string): Promise<void> {
    backend = await createWorkerBackend(new URL('/worker.js', location.href), {
      relay,
      inviteBase: location.href,
      persist: 'none',
    });
    await backend.connect();
    calls = enableBackendCalls(backend, { callOptions: { p2pTimeoutMs: 30_000, prewarmSfu: false } });
    if (!calls) throw new Error('the worker backend carries no call environment');
  },
  async create(): Promise<string> {
    const b = need(backend, 'open');
    await b.join('bridge');
    return b.inviteLink('bridge');
  },
  async join(link: string): Promise<void> {
    await need(backend, 'open').join(link);
  },
  autoAnswer(): void {
    need(calls, 'open').onIncomingCall((_room, ring) => {
      startedAt = performance.now();
      void ring.accept({ video: true }).then(watch);
    });
  },
  async call(): Promise<string> {
    startedAt = performance.now();
    const h = await need(calls, 'open').startCall('bridge', { audio: true, video: true });
    watch(h);
    return h.id;
  },
  status() {
    return {
      phase: handle?.phase,
      mode: handle?.mode,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      firstFrameMs,
    };
  },
  async hangUp(): Promise<void> {
    await handle?.hangUp();
    backend?.close();
  },
};

(globalThis as unknown as { ctBridge: typeof api }).ctBridge = api;
