import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryBackend, MemoryHub } from '../../backend/index.js';
import { MemoryCallBackend, type MemoryCallBackendOptions } from '../../calls/memory-call-backend.js';
import { seriousViolations } from '../../testing/a11y.js';
import { deepQuery } from '../../testing/deep-query.js';
import { ignoreResizeObserverLoop } from '../../testing/resize-observer.js';
import { presetDeclarations } from '../../themes/index.js';
import { loadTranslation } from '../../translations/index.js';
import './panel.js';
import type { CallSignalEvent } from '../../backend/chat-backend.js';
import type { CallsChunk } from '../../calls/load-calls.js';
import type { CryptalkPanel } from './panel.component.js';
import { loadCallSessionOnDemand, loadCallsOnDemand } from './panel-calls-controller.js';

const ROOM = 'room-panel-calls-0001';
const OTHER = 'room-panel-calls-0002';

/** waitUntil with room for a loaded CI machine. */
const until = (fn: () => unknown, message: string) => waitUntil(fn, message, { timeout: 8000 });

/** Counts loads of the calls chunk (the panel's replaceable loader). */
let chunkLoads = 0;
/** Counts loads of the panel's call session (its lazy chunk); the first `sessionFailures` fail. */
let sessionLoads = 0;
let sessionFailures = 0;

async function setup(
  opts: {
    calls?: boolean;
    locale?: string;
    backend?: MemoryCallBackendOptions;
    mode?: string;
    sessionFailures?: number;
  } = {},
) {
  const { CryptalkPanel } = await import('./panel.component.js');
  chunkLoads = 0;
  CryptalkPanel.loadCalls = () => {
    chunkLoads++;
    return loadCallsOnDemand();
  };
  sessionLoads = 0;
  sessionFailures = opts.sessionFailures ?? 0;
  CryptalkPanel.loadCallSession = () => {
    sessionLoads++;
    return sessionLoads <= sessionFailures
      ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
      : loadCallSessionOnDemand();
  };
  const hub = new MemoryHub();
  hub.nameRoom(ROOM, 'Support');
  hub.nameRoom(OTHER, 'Billing');
  const me =
    opts.calls === false
      ? new MemoryBackend({ hub, userName: 'Ana' })
      : new MemoryCallBackend({ hub, userName: 'Ana', ...opts.backend });
  const wrapper = await fixture<HTMLDivElement>(html`<div
    style="width:380px;height:560px;${presetDeclarations('light')}"
  >
    <cryptalk-panel
      .backend=${me}
      room=${ROOM}
      brand="Shop"
      mode=${opts.mode ?? 'inline'}
      locale=${opts.locale ?? 'en'}
    ></cryptalk-panel>
  </div>`);
  const panel = wrapper.querySelector('cryptalk-panel') as CryptalkPanel;
  // The locale's strings (a lazy chunk for other than English) as the panel shows them once loaded.
  const connected = (await loadTranslation(opts.locale ?? 'en')).connected;
  await until(() => deepQuery(panel, '[part=status]')?.textContent === connected, 'connected');
  const q = <T extends HTMLElement = HTMLElement>(sel: string) => panel.shadowRoot!.querySelector<T>(sel);
  return { panel, me: me as MemoryCallBackend, q };
}

/** The element focused inside the panel, through nested shadow roots. */
function deepActive(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

ignoreResizeObserverLoop();

describe('<cryptalk-panel> calls', () => {
  it('shows no call button when the backend offers no calls, and never loads the calls chunk', async () => {
    const { q } = await setup({ calls: false });
    expect(q('[part=call-button]')).to.equal(null);
    expect(chunkLoads).to.equal(0);
    expect(sessionLoads, 'nor the call session').to.equal(0);
    expect(customElements.get('cryptalk-call-view')).to.equal(undefined);
  });

  it('shows voice and video call buttons for a call-capable backend, without loading the chunk yet', async () => {
    const { q, panel } = await setup();
    const audio = q('[data-call=audio]')!;
    const video = q('[data-call=video]')!;
    expect(audio.getAttribute('aria-label')).to.equal('Voice call');
    expect(video.getAttribute('aria-label')).to.equal('Video call');
    expect(chunkLoads, 'the calls chunk loads only on use').to.equal(0);
    expect(sessionLoads, 'the call session loads only on use').to.equal(0);
    // The assertive live region is there before any call, so the first ring is announced.
    expect(q('[aria-live=assertive]'), 'the live region for rings').to.not.equal(null);
    // The call session's styles come with it.
    const rules = panel.shadowRoot!.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules]);
    expect(
      rules.some((r) => r.cssText.includes('.call-layer')),
      'no call layer styles before a call',
    ).to.equal(false);
    expect(await seriousViolations(panel)).to.deep.equal([]);
  });

  it('starts a call: loads the chunk once, shows the call view over the messages with focus inside, hang-up returns focus to the button', async () => {
    const { q, me, panel } = await setup();
    q<HTMLButtonElement>('[data-call=video]')!.click();
    await until(() => q('cryptalk-call-view'), 'call view shown');
    expect(chunkLoads).to.equal(1);
    expect(customElements.get('cryptalk-call-view')).to.not.equal(undefined);
    const call = me.started[0]!;
    expect(call.local.videoMuted, 'a video call opens the camera').to.equal(false);
    await until(() => call.phase === 'connected', 'call connected');
    const view = q('cryptalk-call-view')!;
    await until(() => deepActive()?.getAttribute('part')?.includes('mute'), 'focus moved into the call view');
    expect(view.closest('.view'), 'the call view sits inside the panel’s view area').to.not.equal(null);
    expect(
      getComputedStyle(q('[part=call]')!).position,
      'the call layer covers the messages (the session adopted its styles)',
    ).to.equal('absolute');
    expect(q('cryptalk-message-list')!.inert, 'the messages behind the call are inert').to.equal(true);
    expect(q<HTMLButtonElement>('[data-call=audio]')!.disabled, 'no second call while one is on').to.equal(
      true,
    );
    expect(await seriousViolations(panel)).to.deep.equal([]);

    view.shadowRoot!.querySelector<HTMLButtonElement>('[part=hang-up]')!.click();
    await until(() => !q('cryptalk-call-view'), 'call view gone after hang-up');
    expect(call.phase).to.equal('ended');
    expect(q('cryptalk-message-list')!.inert).to.equal(false);
    await until(() => deepActive() === q('[data-call=video]'), 'focus back on the call button');
    expect(chunkLoads, 'the chunk loads once').to.equal(1);
    expect(sessionLoads, 'the call session loads once, with the chunk').to.equal(1);
  });

  it('a call session that fails to load explains it with a retry; the retry loads it and starts the call', async () => {
    const { q, me } = await setup({ sessionFailures: 1 });
    q<HTMLButtonElement>('[data-call=audio]')!.click();
    await until(() => q('[part=call-error]'), 'failure shown');
    expect(q('[part=call-error]')!.getAttribute('role')).to.equal('alert');
    expect(q('[part=call-error]')!.textContent).to.contain('The call could not start');
    expect(me.started.length, 'no call started without its view').to.equal(0);
    expect(q<HTMLButtonElement>('[data-call=audio]')!.disabled, 'the buttons work again').to.equal(false);
    q<HTMLButtonElement>('[part=call-error] button')!.click();
    await until(() => q('cryptalk-call-view'), 'retry started the call');
    expect(sessionLoads).to.equal(2);
    expect(me.started.length).to.equal(1);
    expect(q('[part=call-error]')).to.equal(null);
  });

  it('goes back to the messages behind a compact bar, and returns to the call', async () => {
    const { q, me } = await setup();
    q<HTMLButtonElement>('[data-call=audio]')!.click();
    await until(() => q('cryptalk-call-view'), 'call view shown');
    expect(me.started[0]!.local.videoMuted, 'a voice call keeps the camera off').to.equal(true);
    q<HTMLButtonElement>('.show-messages')!.click();
    await until(() => q('[part=call-bar]'), 'compact bar shown');
    expect(q('cryptalk-call-view')).to.equal(null);
    expect(q('[part=call-bar]')!.textContent).to.contain('Call in progress');
    const back = q<HTMLButtonElement>('[part=call-bar] button')!;
    await until(() => deepActive() === back, 'focus on the return button');
    back.click();
    await until(() => q('cryptalk-call-view'), 'call view back');
    expect(q('[part=call-bar]')).to.equal(null);
    // The other side ends the call while the messages show: the bar goes away by itself.
    q<HTMLButtonElement>('.show-messages')!.click();
    await until(() => q('[part=call-bar]'), 'bar shown again');
    me.started[0]!.end('remote-hangup', 'the other side hung up');
    await until(() => !q('[part=call-bar]'), 'bar gone after the call ended');
  });

  it('explains a camera permission problem inside the panel, with a retry', async () => {
    const { q, me } = await setup({ backend: { call: { mediaError: 'NotAllowedError' } } });
    q<HTMLButtonElement>('[data-call=video]')!.click();
    await until(() => q('cryptalk-call-view'), 'call view shown');
    const view = q('cryptalk-call-view')!;
    await until(() => view.shadowRoot!.querySelector('[part=problem]'), 'problem explained');
    const problem = view.shadowRoot!.querySelector('[part=problem]')!;
    expect(problem.getAttribute('role')).to.equal('alert');
    expect(problem.textContent).to.match(/camera|microphone/i);
    me.started[0]!.mediaError = undefined;
    view.shadowRoot!.querySelector<HTMLButtonElement>('[part=retry]')!.click();
    await until(() => !view.shadowRoot!.querySelector('[part=problem]'), 'problem cleared by retry');
  });

  it('explains a failure to start the call itself (startCall rejects) with a retry', async () => {
    const { q, me } = await setup();
    const original = me.startCall.bind(me);
    let fail = true;
    me.startCall = (room, options) =>
      fail ? Promise.reject(new DOMException('denied', 'NotAllowedError')) : original(room, options);
    q<HTMLButtonElement>('[data-call=audio]')!.click();
    await until(() => q('[part=call-error]'), 'failure shown');
    expect(q('[part=call-error]')!.getAttribute('role')).to.equal('alert');
    expect(q('[part=call-error]')!.textContent).to.match(/camera|microphone/i);
    fail = false;
    q<HTMLButtonElement>('[part=call-error] button')!.click();
    await until(() => q('cryptalk-call-view'), 'retry started the call');
    expect(q('[part=call-error]')).to.equal(null);
  });

  it('announces an incoming call, and accepting shows the call view', async () => {
    const { q, me, panel } = await setup();
    const ring = me.ring(ROOM, 'Bo');
    const live = q('[aria-live=assertive]')!;
    await until(() => live.textContent?.includes('Incoming video call from Bo'), 'ring announced');
    await until(() => q('cryptalk-incoming-call'), 'ringing card shown');
    expect(chunkLoads, 'a ring loads the chunk').to.equal(1);
    expect(sessionLoads, 'and the call session').to.equal(1);
    const card = q('cryptalk-incoming-call')!;
    await until(() => deepActive()?.getAttribute('part') === 'accept-video', 'accept takes focus');
    expect(await seriousViolations(panel)).to.deep.equal([]);
    card.shadowRoot!.querySelector<HTMLButtonElement>('[part=accept-audio]')!.click();
    await until(() => q('cryptalk-call-view'), 'call view after accept');
    expect(ring.answer).to.equal('accepted');
    expect(ring.call!.local.videoMuted, 'accepted with voice only').to.equal(true);
    expect(q('cryptalk-incoming-call')).to.equal(null);
    await until(() => deepActive()?.getAttribute('part')?.includes('mute'), 'focus in the call view');
  });

  it('the caller hangs up before an answer: the card and the announcement go, focus returns to the call button', async () => {
    const { q, me } = await setup();
    const ring = me.ring(ROOM, 'Bo');
    await until(() => q('cryptalk-incoming-call'), 'ringing card shown');
    await until(() => deepActive()?.getAttribute('part') === 'accept-video', 'focus on accept');
    expect(q('[aria-live=assertive]')!.textContent).to.contain('Bo');
    ring.cancel();
    await until(() => !q('cryptalk-incoming-call'), 'card gone');
    expect(q('[aria-live=assertive]')!.textContent!.trim()).to.equal('');
    expect(q('cryptalk-call-view')).to.equal(null);
    await until(() => deepActive()?.getAttribute('part') === 'call-button', 'focus back on a call button');
  });

  it('declines an incoming call: the card goes, no call starts', async () => {
    const { q, me } = await setup();
    const ring = me.ring(ROOM, 'Bo', { audio: true, video: false });
    await until(() => q('cryptalk-incoming-call'), 'ringing card shown');
    const card = q('cryptalk-incoming-call')!;
    expect(
      card.shadowRoot!.querySelector('[part=accept-video]'),
      'a voice call offers no video answer',
    ).to.equal(null);
    card.shadowRoot!.querySelector<HTMLButtonElement>('[part=decline]')!.click();
    await until(() => !q('cryptalk-incoming-call'), 'card gone');
    expect(ring.answer).to.equal('declined');
    expect(q('cryptalk-call-view')).to.equal(null);
    expect(q<HTMLButtonElement>('[data-call=audio]')!.disabled).to.equal(false);
  });

  it('rings for another room too; accepting opens that room with the call', async () => {
    const { q, me, panel } = await setup();
    me.ring(OTHER, 'Cy');
    await until(
      () => q('[aria-live=assertive]')!.textContent?.includes(`from Cy in ${OTHER}`),
      'ring in another room announced with the room',
    );
    await until(() => q('cryptalk-incoming-call'), 'ringing card shown');
    q('cryptalk-incoming-call')!.shadowRoot!.querySelector<HTMLButtonElement>('[part=accept-video]')!.click();
    await until(() => panel.room === OTHER, 'switched to the ringing room');
    await until(() => q('cryptalk-call-view'), 'call view shown in that room');
  });

  it('a backend that only carries a call environment shows the buttons; the chunk makes it call-capable on use', async () => {
    const { CryptalkPanel } = await import('./panel.component.js');
    const helper = new MemoryCallBackend({ userName: 'Ana' });
    let enabled = 0;
    CryptalkPanel.loadCalls = async () => ({
      ...(await loadCallsOnDemand()),
      // What the calls chunk's `enableBackendCalls` does for a backend with `capabilities.calls`.
      enableBackendCalls: ((b: object) => {
        enabled++;
        return Object.assign(b, {
          startCall: (room: string, o?: object) => helper.startCall(room, o),
          onIncomingCall: (l: Parameters<MemoryCallBackend['onIncomingCall']>[0]) => helper.onIncomingCall(l),
        });
      }) as unknown as CallsChunk['enableBackendCalls'],
    });
    const backend = new MemoryBackend({ userName: 'Ana', capabilities: { calls: true } });
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width:380px;height:560px">
      <cryptalk-panel .backend=${backend} room=${ROOM} mode="inline" locale="en"></cryptalk-panel>
    </div>`);
    const panel = wrapper.querySelector('cryptalk-panel') as CryptalkPanel;
    const q = (sel: string) => panel.shadowRoot!.querySelector<HTMLElement>(sel);
    await until(() => q('[data-call=video]'), 'call buttons shown for capabilities.calls');
    expect(enabled, 'nothing loads before use').to.equal(0);
    q('[data-call=video]')!.click();
    await until(() => q('cryptalk-call-view'), 'call view shown');
    expect(enabled).to.equal(1);
    expect(helper.started.length).to.equal(1);
  });

  it('a call environment’s first ring is kept until the chunk loads, then replayed and shown; other signals load nothing', async () => {
    const { CryptalkPanel } = await import('./panel.component.js');
    const helper = new MemoryCallBackend({ userName: 'Ana' });
    let loads = 0;
    let replayed: readonly CallSignalEvent[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    CryptalkPanel.loadCalls = async () => {
      loads++;
      const chunk = await loadCallsOnDemand();
      await gate; // a slow network: signals keep arriving while the chunk loads
      return {
        ...chunk,
        enableBackendCalls: ((b: object, options: { replay?: readonly CallSignalEvent[] } = {}) => {
          replayed = options.replay ?? [];
          const made = Object.assign(b, {
            startCall: (room: string, o?: object) => helper.startCall(room, o),
            onIncomingCall: (l: Parameters<MemoryCallBackend['onIncomingCall']>[0]) =>
              helper.onIncomingCall(l),
          });
          // The real chunk's call manager rings from the replayed signals; here the helper plays it.
          queueMicrotask(() => {
            for (const s of replayed) if (s.payload.includes('"ring"')) helper.ring(s.room, 'Bo');
          });
          return made;
        }) as unknown as CallsChunk['enableBackendCalls'],
      };
    };
    class SignallingBackend extends MemoryBackend {
      signal(e: CallSignalEvent): void {
        this.emit('callSignal', e);
      }
    }
    const backend = new SignallingBackend({ userName: 'Ana', capabilities: { calls: true } });
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width:380px;height:560px">
      <cryptalk-panel .backend=${backend} room=${ROOM} mode="inline" locale="en"></cryptalk-panel>
    </div>`);
    const panel = wrapper.querySelector('cryptalk-panel') as CryptalkPanel;
    const q = (sel: string) => panel.shadowRoot!.querySelector<HTMLElement>(sel);
    await until(() => q('[data-call=video]'), 'call buttons shown for capabilities.calls');
    const at = Date.now();
    const signal = (k: string, extra = '') =>
      backend.signal({
        room: ROOM,
        from: 'ed25519:bo',
        payload: `{"v":1,"k":"${k}","call":"c1","sentAt":${at}${extra}}`,
      });
    signal('present', ',"mode":"p2p"');
    await new Promise((r) => setTimeout(r, 50));
    expect(loads, 'a signal that is not a ring loads nothing').to.equal(0);
    signal('ring', ',"media":{"audio":true,"video":true}');
    signal('candidate', ',"to":"ed25519:ana","candidate":null');
    await until(() => loads === 1, 'the first ring loads the calls chunk');
    signal('join');
    release();
    await until(() => q('cryptalk-incoming-call'), 'the first ring is shown');
    expect(replayed.map((s) => JSON.parse(s.payload).k)).to.deep.equal([
      'present',
      'ring',
      'candidate',
      'join',
    ]);
    expect(loads, 'loaded once').to.equal(1);
  });

  it('speaks the call strings of the panel’s locale (Arabic, right to left)', async () => {
    const { q } = await setup({ locale: 'ar' });
    expect(q('[data-call=video]')!.getAttribute('aria-label')).to.equal('مكالمة فيديو');
    q<HTMLButtonElement>('[data-call=video]')!.click();
    await until(() => q('cryptalk-call-view'), 'call view shown');
    const section = q('cryptalk-call-view')!.shadowRoot!.querySelector('[part=view]')!;
    expect(section.getAttribute('dir')).to.equal('rtl');
  });
});
