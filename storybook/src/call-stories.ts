// The calls UI's catalogue entries (spread into STORIES by src/stories.ts), played by MemoryCall with fake
// media: a canvas video and a near-silent oscillator, no camera or permission needed.
import { MemoryCall, MemoryIncomingCall } from '../../widget/src/calls/index.js';
import { el, frame } from './fixtures.js';
import type { Story, StoryContext } from './story.js';

/**
 * The calls chunk defines the elements, loaded on the first calls story as the widget loads it on the first
 * call (Node imports this catalogue only to count stories). Lit keeps properties set before the upgrade.
 */
let loading = false;
const ce = (tag: string, attrs: Record<string, unknown>): HTMLElement => {
  if (!loading) void import('../../widget/src/calls/chunk.js');
  loading = true;
  return el(tag, attrs);
};

const view = (ctx: StoryContext, setup: (call: MemoryCall) => void, options = {}) => {
  const call = new MemoryCall(options);
  void call.open().then(() => setup(call));
  return frame(420, 560, ce('cryptalk-call-view', { '.call': call, locale: ctx.locale }));
};

const twoPeople = (call: MemoryCall) => {
  call.join('mina', 'Mina');
  call.connect();
  call.sample({ loss: 0, rttMs: 35, candidate: 'host' });
};

const V = 'cryptalk-call-view';

/** Every state of the calls UI. */
export const CALL_STORIES: Story[] = [
  { component: V, name: 'ringing (outgoing)', render: (ctx) => view(ctx, () => {}) },
  { component: V, name: 'connected', render: (ctx) => view(ctx, twoPeople) },
  {
    component: V,
    name: 'group with active speaker',
    render: (ctx) =>
      view(ctx, (call) => {
        twoPeople(call);
        call.join('bo', 'Bo', { video: false });
        call.join('chen', 'Chen');
        call.update('chen', { speaking: true });
        call.update('bo', { audioMuted: true });
      }),
  },
  {
    component: V,
    name: 'screen share',
    render: (ctx) =>
      view(ctx, (call) => {
        twoPeople(call);
        call.update('mina', { screenSharing: true });
      }),
  },
  {
    component: V,
    name: 'muted, camera off',
    render: (ctx) =>
      view(ctx, (call) => {
        twoPeople(call);
        call.setAudioMuted(true);
        call.setVideoMuted(true);
      }),
  },
  {
    component: V,
    name: 'fallback to the media server',
    render: (ctx) =>
      view(ctx, (call) => {
        twoPeople(call);
        call.moveToSfu('timeout');
        call.connect('sfu');
        call.sample({ loss: 0.05, rttMs: 180 });
      }),
  },
  {
    component: V,
    name: 'permission denied',
    render: (ctx) => view(ctx, () => {}, { mediaError: 'NotAllowedError' }),
  },
  {
    component: V,
    name: 'no camera or microphone',
    render: (ctx) => view(ctx, () => {}, { mediaError: 'NotFoundError' }),
  },
  {
    component: 'cryptalk-incoming-call',
    name: 'video call',
    render: (ctx) =>
      frame(
        380,
        160,
        ce('cryptalk-incoming-call', { '.call': new MemoryIncomingCall('Mina'), locale: ctx.locale }),
      ),
  },
  {
    component: 'cryptalk-incoming-call',
    name: 'voice call',
    render: (ctx) =>
      frame(
        380,
        160,
        ce('cryptalk-incoming-call', {
          '.call': new MemoryIncomingCall('Mina', { audio: true, video: false }),
          locale: ctx.locale,
        }),
      ),
  },
  {
    component: 'cryptalk-call-button',
    name: 'voice',
    render: (ctx) => ce('cryptalk-call-button', { locale: ctx.locale }),
  },
  {
    component: 'cryptalk-call-button',
    name: 'video',
    render: (ctx) => ce('cryptalk-call-button', { locale: ctx.locale, video: true }),
  },
  {
    component: 'cryptalk-device-picker',
    name: 'devices',
    render: (ctx) =>
      frame(320, 200, ce('cryptalk-device-picker', { '.call': new MemoryCall(), locale: ctx.locale })),
  },
  {
    component: 'cryptalk-device-picker',
    name: 'no devices',
    render: (ctx) =>
      frame(
        320,
        120,
        ce('cryptalk-device-picker', { '.call': new MemoryCall({ devices: [] }), locale: ctx.locale }),
      ),
  },
];
