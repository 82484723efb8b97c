import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { seriousViolations } from '../../../testing/a11y.js';
import type { CryptalkCallStartEvent } from '../call-start-event.js';
import './call-button.js';
import type { CryptalkCallButton } from './call-button.component.js';

describe('<cryptalk-call-button>', () => {
  it('asks for a voice or a video call with a named button', async () => {
    const voice = await fixture<CryptalkCallButton>(html`<cryptalk-call-button></cryptalk-call-button>`);
    const button = voice.shadowRoot!.querySelector('button')!;
    expect(button.getAttribute('aria-label')).to.equal('Start voice call');
    let started = oneEvent(voice, 'cryptalk-call-start') as Promise<CryptalkCallStartEvent>;
    button.click();
    expect((await started).video).to.equal(false);

    const video = await fixture<CryptalkCallButton>(
      html`<cryptalk-call-button video locale="de"></cryptalk-call-button>`,
    );
    expect(video.shadowRoot!.querySelector('button')!.getAttribute('aria-label')).to.equal(
      'Videoanruf starten',
    );
    started = oneEvent(video, 'cryptalk-call-start') as Promise<CryptalkCallStartEvent>;
    video.shadowRoot!.querySelector('button')!.click();
    const e = await started;
    expect(e.video).to.equal(true);
    expect(e.composed && e.bubbles).to.equal(true);
    expect(await seriousViolations(video)).to.deep.equal([]);
  });

  it('does nothing while disabled', async () => {
    const el = await fixture<CryptalkCallButton>(
      html`<cryptalk-call-button disabled></cryptalk-call-button>`,
    );
    let fired = false;
    el.addEventListener('cryptalk-call-start', () => (fired = true));
    el.shadowRoot!.querySelector('button')!.click();
    expect(fired).to.equal(false);
  });
});
