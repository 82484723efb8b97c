import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { MemoryCall } from '../../../calls/memory-call.js';
import { seriousViolations } from '../../../testing/a11y.js';
import { presetDeclarations } from '../../../themes/index.js';
import type { CryptalkCallEndedEvent } from '../call-ended-event.js';
import './call-view.js';
import type { CryptalkCallView } from './call-view.component.js';

const until = (fn: () => unknown, message: string) => waitUntil(fn, message, { timeout: 5000 });

async function setup(opts: { locale?: string; theme?: 'light' | 'dark'; call?: MemoryCall } = {}) {
  const call = opts.call ?? new MemoryCall();
  const wrapper = await fixture<HTMLDivElement>(html`<div
    style="width:380px;height:560px;${presetDeclarations(opts.theme ?? 'light')}"
  >
    <cryptalk-call-view .call=${call} locale=${opts.locale ?? 'en'}></cryptalk-call-view>
  </div>`);
  const view = wrapper.querySelector('cryptalk-call-view') as CryptalkCallView;
  const q = <T extends Element = HTMLElement>(sel: string) => view.shadowRoot!.querySelector<T>(sel);
  return { call, view, q };
}

async function connected(opts: { locale?: string; theme?: 'light' | 'dark' } = {}) {
  const s = await setup(opts);
  await s.call.open();
  s.call.join('mina', 'Mina');
  s.call.connect();
  await s.view.updateComplete;
  return s;
}

describe('<cryptalk-call-view>', () => {
  it('a declined call says so, with focus on close; closing reports the end', async () => {
    const { call, view, q } = await setup();
    await call.open();
    await view.updateComplete;
    let reported = false;
    view.addEventListener('cryptalk-call-ended', () => {
      reported = true;
    });
    call.end('declined', 'the other member declined the call');
    await until(() => q('[part=ended]'), 'the explanation');
    expect(q('[part=ended]')!.getAttribute('role')).to.equal('alert');
    expect(q('[part=ended]')!.textContent).to.contain('The call was declined.');
    expect(reported, 'not reported before it was read').to.equal(false);
    await until(() => view.shadowRoot!.activeElement === q('[part=close]'), 'focus on close');
    const ended = oneEvent(view, 'cryptalk-call-ended') as Promise<CryptalkCallEndedEvent>;
    q<HTMLButtonElement>('[part=close]')!.click();
    const e = await ended;
    expect(e.code).to.equal('declined');
  });

  it('shows ringing, then connected with a tile per participant, videos attached, state in a live region', async () => {
    const { call, view, q } = await setup();
    await call.open();
    await view.updateComplete;
    expect(q('[part=status]')!.getAttribute('role')).to.equal('status');
    expect(q('[part=status]')!.textContent).to.equal('Ringing…');
    call.join('mina', 'Mina');
    call.connect();
    await view.updateComplete;
    expect(q('[part=status]')!.textContent).to.equal('Connected');
    const tiles = view.shadowRoot!.querySelectorAll('[part~=tile]');
    expect([...tiles].map((t) => t.getAttribute('data-participant'))).to.deep.equal(['mina', 'self']);
    const remoteVideo = q<HTMLVideoElement>('[data-participant=mina] video')!;
    expect(remoteVideo.srcObject).to.equal(call.participants[0]!.stream);
    expect(remoteVideo.muted).to.equal(false);
    const localVideo = q<HTMLVideoElement>('[data-participant=self] video')!;
    expect(localVideo.srcObject).to.equal(call.local.stream);
    expect(localVideo.muted, 'the local preview never plays back the microphone').to.equal(true);
    expect(q('[part=mode-badge]')!.textContent).to.equal('Direct connection');
    expect(q('[part=encryption-badge]')!.textContent).to.contain('End-to-end encrypted');
    expect(view.shadowRoot!.activeElement).to.equal(q('[part~=mute]'));
  });

  it('mute toggles aria-pressed, the track and the tile’s indicator', async () => {
    const { call, view, q } = await connected();
    const mute = q<HTMLButtonElement>('[part~=mute]')!;
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    expect(mute.getAttribute('aria-label')).to.equal('Mute microphone');
    expect(q('[data-participant=self] [part=mute-indicator]')).to.equal(null);
    mute.click();
    await view.updateComplete;
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    expect(call.local.stream!.getAudioTracks().every((t) => !t.enabled)).to.equal(true);
    const indicator = q('[data-participant=self] [part=mute-indicator]')!;
    expect(indicator.getAttribute('role')).to.equal('img');
    expect(indicator.getAttribute('aria-label')).to.equal('Microphone muted');
    mute.click();
    await view.updateComplete;
    expect(mute.getAttribute('aria-pressed')).to.equal('false');
    expect(q('[data-participant=self] [part=mute-indicator]')).to.equal(null);
    call.update('mina', { audioMuted: true });
    await view.updateComplete;
    expect(q('[data-participant=mina] [part=mute-indicator]')).to.not.equal(null);
  });

  it('turns the camera off: aria-pressed, the preview gives way to an initial', async () => {
    const { call, view, q } = await connected();
    const camera = q<HTMLButtonElement>('[part~=camera]')!;
    camera.click();
    await view.updateComplete;
    expect(camera.getAttribute('aria-pressed')).to.equal('true');
    expect(call.local.stream!.getVideoTracks().every((t) => !t.enabled)).to.equal(true);
    expect(q<HTMLVideoElement>('[data-participant=self] video')!.hidden).to.equal(true);
    expect(q('[data-participant=self] .avatar')!.textContent).to.equal('Y');
  });

  it('shows a screen share as the large tile, and highlights the active speaker', async () => {
    const { call, view, q } = await connected();
    const share = q<HTMLButtonElement>('[part~=screen-share]')!;
    share.click();
    await until(() => call.local.screenSharing, 'screen share started');
    await view.updateComplete;
    expect(share.getAttribute('aria-pressed')).to.equal('true');
    const screen = q('[part=screen]')!;
    expect(screen.getAttribute('data-participant')).to.equal('self');
    expect(screen.textContent).to.contain('Your screen');
    const large = screen.getBoundingClientRect().width;
    const small = q('[data-participant=mina]')!.getBoundingClientRect().width;
    expect(large).to.be.above(small * 1.5);
    share.click();
    await until(() => !call.local.screenSharing, 'screen share stopped');
    await view.updateComplete;
    expect(q('[part=screen]')).to.equal(null);
    call.update('mina', { screenSharing: true, speaking: true });
    await view.updateComplete;
    expect(q('[part=screen]')!.getAttribute('data-participant')).to.equal('mina');
    expect(q('[part=screen]')!.textContent).to.contain('Mina’s screen');
    call.update('mina', { screenSharing: false });
    await view.updateComplete;
    const tile = q('[data-participant=mina]')!;
    expect(tile.getAttribute('part')).to.contain('speaking');
    expect(getComputedStyle(tile).outlineColor).to.not.equal('rgba(0, 0, 0, 0)');
  });

  it('hang up fires cryptalk-call-ended and removes the controls', async () => {
    const { view, q } = await connected();
    const ended = oneEvent(view, 'cryptalk-call-ended') as Promise<CryptalkCallEndedEvent>;
    q<HTMLButtonElement>('[part=hang-up]')!.click();
    const e = await ended;
    expect(e.code).to.equal('hangup');
    await view.updateComplete;
    expect(q('[part=status]')!.textContent).to.equal('Call ended');
    expect(q('[part=controls]')).to.equal(null);
  });

  it('explains a refused permission (NotAllowedError), focuses the retry, and retries', async () => {
    const { call, view, q } = await setup({ call: new MemoryCall({ mediaError: 'NotAllowedError' }) });
    await call.open();
    await view.updateComplete;
    const problem = q('[part=problem]')!;
    expect(problem.getAttribute('role')).to.equal('alert');
    expect(problem.textContent).to.contain('Allow them for this site');
    await until(() => view.shadowRoot!.activeElement === q('[part=retry]'), 'the retry button has focus');
    call.mediaError = undefined;
    q<HTMLButtonElement>('[part=retry]')!.click();
    await until(() => call.local.stream !== undefined, 'media opened on retry');
    await view.updateComplete;
    expect(q('[part=problem]')).to.equal(null);
  });

  it('explains a missing device (NotFoundError) and lets it be dismissed', async () => {
    const { call, view, q } = await setup({ call: new MemoryCall({ mediaError: 'NotFoundError' }) });
    await call.open();
    await view.updateComplete;
    expect(q('[part=problem]')!.textContent).to.contain('No camera or microphone was found');
    const dismiss = [...q('[part=problem]')!.querySelectorAll('button')].find(
      (b) => b.textContent === 'Dismiss',
    )!;
    dismiss.click();
    await view.updateComplete;
    expect(q('[part=problem]')).to.equal(null);
  });

  it('shows the fallback notice, the media-server badge and the quality badge', async () => {
    const { call, view, q } = await connected();
    call.moveToSfu('timeout');
    call.connect();
    call.sample({ loss: 0.2, rttMs: 120 });
    await view.updateComplete;
    expect(q('[part=notice]')!.textContent).to.contain('media server');
    expect(q('[part=notice]')!.parentElement!.getAttribute('role')).to.equal('status');
    expect(q('[part=mode-badge]')!.textContent).to.equal('Through the media server');
    expect(q('[part=quality-badge]')!.textContent).to.equal('Poor connection');
    call.reconnect();
    await view.updateComplete;
    expect(q('[part=status]')!.textContent).to.contain('Reconnecting');
  });

  it('shows no fallback notice when a third participant moved the call to the media server', async () => {
    const { call, view, q } = await connected();
    call.moveToSfu('participants');
    call.connect();
    await view.updateComplete;
    expect(q('[part=mode-badge]')!.textContent).to.equal('Through the media server');
    expect(q('[part=notice]')).to.equal(null);
  });

  it('opens the device picker, chooses a camera, closes on Escape and returns focus', async () => {
    const { call, view, q } = await connected();
    const devices = q<HTMLButtonElement>('[part~=devices]')!;
    expect(devices.getAttribute('aria-expanded')).to.equal('false');
    expect(devices.hasAttribute('aria-controls')).to.equal(false);
    devices.click();
    await view.updateComplete;
    expect(devices.getAttribute('aria-expanded')).to.equal('true');
    expect(devices.getAttribute('aria-controls')).to.equal('devices');
    const picker = q('cryptalk-device-picker')!;
    await until(() => picker.shadowRoot!.querySelector('[part=camera]'), 'cameras listed');
    const select = picker.shadowRoot!.querySelector<HTMLSelectElement>('[part=camera]')!;
    select.value = 'cam-2';
    select.dispatchEvent(new Event('change'));
    await until(() => call.selected.videoinput === 'cam-2', 'camera chosen');
    select.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await until(() => view.shadowRoot!.activeElement === devices, 'focus back on the devices button');
    expect(q('cryptalk-device-picker')).to.equal(null);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations (${theme})`, async () => {
      const { call, view } = await connected({ theme });
      call.update('mina', { audioMuted: true, speaking: true });
      call.sample({ loss: 0.05 });
      call.moveToSfu();
      await view.updateComplete;
      expect(await seriousViolations(view)).to.deep.equal([]);
    });
  }

  it('lays out right to left in Arabic', async () => {
    const { view, q } = await connected({ locale: 'ar' });
    const section = q('[part=view]')!;
    expect(section.getAttribute('dir')).to.equal('rtl');
    expect(q('[part~=mute]')!.getAttribute('aria-label')).to.equal('كتم الميكروفون');
    const tile = q('[data-participant=mina]')!.getBoundingClientRect();
    const name = q('[data-participant=mina] [part=name]')!.getBoundingClientRect();
    expect(tile.right - name.right, 'the name sits at the inline start (right)').to.be.below(8);
    const header = q('[part=status]')!.getBoundingClientRect();
    const badge = q('[part=mode-badge]')!.getBoundingClientRect();
    expect(header.left, 'the status comes first, on the right').to.be.above(badge.left);
    expect(await seriousViolations(view)).to.deep.equal([]);
  });
});
