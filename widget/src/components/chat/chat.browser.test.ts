import { randomId } from '@cryptalk/sdk';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../define.js';
import type { CryptalkChat } from './chat.component.js';

const relay = (window as unknown as { CRYPTALK_RELAY: string }).CRYPTALK_RELAY;

describe('<cryptalk-chat>', () => {
  it('shows a launcher bubble and opens and closes the panel from it', async () => {
    const el = await fixture<CryptalkChat>(
      html`<cryptalk-chat relay=${relay} room=${randomId()}></cryptalk-chat>`,
    );
    const launcher = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=launcher]')!;
    const panel = el.shadowRoot!.querySelector<HTMLElement>('[part=panel]')!;
    expect(panel.hidden).to.equal(true);
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    setTimeout(() => launcher.click());
    await oneEvent(el, 'cryptalk-open');
    expect(panel.hidden).to.equal(false);
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    setTimeout(() => launcher.click());
    await oneEvent(el, 'cryptalk-close');
    expect(panel.hidden).to.equal(true);
  });

  it('sends from the composer and lists the message, in a second widget too', async () => {
    const room = randomId();
    const a = await fixture<CryptalkChat>(
      html`<cryptalk-chat relay=${relay} room=${room} open></cryptalk-chat>`,
    );
    const b = await fixture<CryptalkChat>(
      html`<cryptalk-chat relay=${relay} room=${room} open></cryptalk-chat>`,
    );
    const joined = (el: CryptalkChat) => el.shadowRoot!.querySelector('.status') === null;
    await waitUntil(() => joined(a) && joined(b), 'both widgets connect', { timeout: 5000 });
    const textarea = a.shadowRoot!.querySelector('textarea')!;
    textarea.value = 'hello <b>world</b>';
    textarea.dispatchEvent(new Event('input'));
    a.shadowRoot!.querySelector<HTMLButtonElement>('[part=send]')!.click();
    const texts = (el: CryptalkChat) =>
      [...el.shadowRoot!.querySelectorAll('[part=message]')].map((m) => m.textContent);
    await waitUntil(() => texts(b).length === 1, 'the message reaches the second widget', { timeout: 5000 });
    expect(texts(b)).to.deep.equal(['hello <b>world</b>']);
    expect(texts(a)).to.deep.equal(['hello <b>world</b>']);
    // User content is text, never markup.
    expect(b.shadowRoot!.querySelector('[part=message] b')).to.equal(null);
  });
});
