// The calls UI's catalogue entries (spread into STORIES by src/stories.ts), played by MemoryCall with fake
// media: a canvas video and a near-silent oscillator, no camera or permission needed.
import { MemoryCall, MemoryCallBackend, MemoryIncomingCall } from '../../widget/src/calls/index.js';
import { el, frame, ROOM, seededBackend } from './fixtures.js';
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

/**
 * `<cryptalk-panel>` on a call-capable backend (the seeded conversation), then `then` once its header's call
 * buttons rendered: the panel loads the calls chunk itself, as in the widget.
 */
const panelWithCalls = (
  ctx: StoryContext,
  then: (panel: HTMLElement, backend: MemoryCallBackend) => void,
) => {
  const { hub } = seededBackend(4);
  const backend = new MemoryCallBackend({ hub, userName: 'You' });
  const panel = el('cryptalk-panel', { '.backend': backend, room: ROOM, brand: 'Acme', locale: ctx.locale });
  let tries = 0;
  const wait = () => {
    if (panel.shadowRoot?.querySelector('[data-call=video]')) then(panel, backend);
    else if (++tries < 100) setTimeout(wait, 50);
  };
  setTimeout(wait, 0);
  return frame(380, 560, panel);
};

/** Presses a control in the panel's shadow root once it exists (bounded). */
const press = (panel: HTMLElement, selector: string, then?: () => void) => {
  let tries = 0;
  const step = () => {
    const target = panel.shadowRoot?.querySelector<HTMLElement>(selector);
    if (target) {
      target.click();
      then?.();
    } else if (++tries < 100) setTimeout(step, 50);
  };
  step();
};

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
    component: V,
    name: 'declined',
    render: (ctx) => view(ctx, (call) => call.end('declined', 'the other member declined the call')),
  },
  {
    component: 'cryptalk-panel',
    name: 'call buttons',
    render: (ctx) => panelWithCalls(ctx, () => {}),
  },
  {
    component: 'cryptalk-panel',
    name: 'in a call',
    render: (ctx) => panelWithCalls(ctx, (panel) => press(panel, '[data-call=video]')),
  },
  {
    component: 'cryptalk-panel',
    name: 'call in progress (messages)',
    render: (ctx) =>
      panelWithCalls(ctx, (panel) => press(panel, '[data-call=audio]', () => press(panel, '.show-messages'))),
  },
  {
    component: 'cryptalk-panel',
    name: 'incoming call',
    render: (ctx) => panelWithCalls(ctx, (_panel, backend) => backend.ring(ROOM, 'Mina')),
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
