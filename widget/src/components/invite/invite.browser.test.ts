import { expect, fixture, html } from '@open-wc/testing';
import { seriousViolations } from '../../testing/a11y.js';
import './invite.js';
import type { CryptalkInvite } from './invite.component.js';

describe('<cryptalk-invite>', () => {
  it('shows the link and a QR code drawn as one SVG path', async () => {
    const link = 'https://chat.example/join#room=abc';
    const el = await fixture<CryptalkInvite>(html`<cryptalk-invite link=${link}></cryptalk-invite>`);
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('[part=link]')!.value).to.equal(link);
    const svg = el.shadowRoot!.querySelector('[part=qr]')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.querySelector('path')!.getAttribute('d')!.length).to.be.above(100);
    expect(await seriousViolations(el)).to.deep.equal([]);
  });
});
