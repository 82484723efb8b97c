import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { MemoryIncomingCall } from '../../../calls/memory-call.js';
import { seriousViolations } from '../../../testing/a11y.js';
import { presetDeclarations } from '../../../themes/index.js';
import type { CryptalkCallAnswerEvent } from '../call-answer-event.js';
import './incoming-call.js';
import type { CryptalkIncomingCall } from './incoming-call.component.js';

async function setup(ring: MemoryIncomingCall, opts: { locale?: string; theme?: 'light' | 'dark' } = {}) {
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${presetDeclarations(opts.theme ?? 'light')}>
    <cryptalk-incoming-call .call=${ring} locale=${opts.locale ?? 'en'}></cryptalk-incoming-call>
  </div>`);
  const el = wrapper.querySelector('cryptalk-incoming-call') as CryptalkIncomingCall;
  await el.updateComplete;
  return { el, q: (sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel) };
}

describe('<cryptalk-incoming-call>', () => {
  it('rings as an alertdialog naming the caller, with focus on accept; accepting joins the call', async () => {
    const ring = new MemoryIncomingCall('Mina');
    const { el, q } = await setup(ring);
    const dialog = q('[part=dialog]')!;
    expect(dialog.getAttribute('role')).to.equal('alertdialog');
    expect(q('[part=caller]')!.textContent).to.contain('Mina is calling you (video)');
    expect(el.shadowRoot!.activeElement).to.equal(q('[part=accept-video]'));
    const answered = oneEvent(el, 'cryptalk-call-answer') as Promise<CryptalkCallAnswerEvent>;
    q('[part=accept-video]')!.click();
    const e = await answered;
    expect(e.answer).to.equal('accepted');
    expect(e.call).to.equal(ring.call);
    expect(e.call!.phase).to.equal('connected');
    expect(e.call!.participants.map((p) => p.name)).to.deep.equal(['Mina']);
    expect(ring.answer).to.equal('accepted');
  });

  it('accepts with voice only', async () => {
    const ring = new MemoryIncomingCall('Mina');
    const { el, q } = await setup(ring);
    const answered = oneEvent(el, 'cryptalk-call-answer') as Promise<CryptalkCallAnswerEvent>;
    q('[part=accept-audio]')!.click();
    const e = await answered;
    expect(e.call!.local.videoMuted).to.equal(true);
  });

  it('declines with the button or Escape', async () => {
    const ring = new MemoryIncomingCall('Mina', { audio: true, video: false });
    const { el, q } = await setup(ring, { locale: 'ja' });
    expect(q('[part=accept-video]'), 'a voice ring offers no video answer').to.equal(null);
    expect(q('[part=caller]')!.textContent).to.contain('音声通話');
    let answered = oneEvent(el, 'cryptalk-call-answer') as Promise<CryptalkCallAnswerEvent>;
    q('[part=decline]')!.click();
    expect((await answered).answer).to.equal('declined');
    expect(ring.answer).to.equal('declined');
    answered = oneEvent(el, 'cryptalk-call-answer') as Promise<CryptalkCallAnswerEvent>;
    q('[part=dialog]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect((await answered).call).to.equal(undefined);
  });

  it('settles as cancelled when the caller hangs up first; a decline after that tells nobody', async () => {
    const ring = new MemoryIncomingCall('Mina');
    const { el, q } = await setup(ring);
    const settled = oneEvent(el, 'cryptalk-call-answer') as Promise<CryptalkCallAnswerEvent>;
    ring.cancel();
    const e = await settled;
    expect(e.answer).to.equal('cancelled');
    expect(e.call).to.equal(undefined);
    q('[part=decline]')!.click();
    expect(ring.answer, 'nothing declined after the ring ended').to.equal(undefined);
  });

  it('a ring already cancelled when shown settles at once', async () => {
    const ring = new MemoryIncomingCall('Mina');
    ring.cancel('expired');
    const wrapper = document.createElement('div');
    document.body.append(wrapper);
    const el = document.createElement('cryptalk-incoming-call') as CryptalkIncomingCall;
    el.call = ring;
    const settled = oneEvent(el, 'cryptalk-call-answer') as Promise<CryptalkCallAnswerEvent>;
    wrapper.append(el);
    expect((await settled).answer).to.equal('cancelled');
    wrapper.remove();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violations (${theme}, Arabic)`, async () => {
      const { el, q } = await setup(new MemoryIncomingCall('مينا'), { theme, locale: 'ar' });
      expect(q('[part=dialog]')!.getAttribute('dir')).to.equal('rtl');
      expect(await seriousViolations(el)).to.deep.equal([]);
    });
  }
});
