import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { seriousViolations } from '../../testing/a11y.js';
import './invite.js';
import type { CryptalkInvite } from './invite.component.js';

describe('<cryptalk-invite>', () => {
  it('shows the link and a QR code drawn as one SVG path', async () => {
    const link = 'https://chat.example/join#room=abc';
    const el = await fixture<CryptalkInvite>(html`<cryptalk-invite link=${link}></cryptalk-invite>`);
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('[part=link]')!.value).to.equal(link);
    // The QR encoder loads with the first link (a lazy chunk): the code appears once it has.
    await waitUntil(() => el.shadowRoot!.querySelector('[part=qr] path'), 'the QR code is drawn');
    const svg = el.shadowRoot!.querySelector('[part=qr]')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.querySelector('path')!.getAttribute('d')!.length).to.be.above(100);
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('draws the code of the new link when the link changes', async () => {
    const el = await fixture<CryptalkInvite>(
      html`<cryptalk-invite link="https://chat.example/join#room=one"></cryptalk-invite>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('[part=qr] path'), 'the first code');
    const first = el.shadowRoot!.querySelector('[part=qr] path')!.getAttribute('d');
    el.link = 'https://chat.example/join#room=another-room-with-a-longer-name';
    await waitUntil(() => {
      const d = el.shadowRoot!.querySelector('[part=qr] path')?.getAttribute('d');
      return d !== undefined && d !== first;
    }, 'the second code');
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('[part=link]')!.value).to.contain('another-room');
  });
});
