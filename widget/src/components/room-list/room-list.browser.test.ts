import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { CryptalkActionEvent } from '../../events/index.js';
import { seriousViolations } from '../../testing/a11y.js';
import './room-list.js';
import { loadTranslation } from '../../translations/index.js';
import type { CryptalkRoomList } from './room-list.component.js';

describe('<cryptalk-room-list>', () => {
  it('lists rooms with unread badges and selects one', async () => {
    const rooms = [
      { id: 'a', name: 'Support', unread: 2, lastText: 'Can I help?' },
      { id: 'b', name: '<b>Sales</b>', unread: 0 },
    ];
    const el = await fixture<CryptalkRoomList>(
      html`<cryptalk-room-list .rooms=${rooms}></cryptalk-room-list>`,
    );
    const buttons = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=room]');
    expect(buttons.length).to.equal(2);
    expect(el.shadowRoot!.querySelector('[part=badge]')!.getAttribute('aria-label')).to.equal(
      '2 unread messages',
    );
    expect(el.shadowRoot!.querySelector('b')).to.equal(null);
    setTimeout(() => buttons[1]!.click());
    const ev = (await oneEvent(el, 'cryptalk-action')) as CryptalkActionEvent;
    expect([ev.action, ev.subject]).to.deep.equal(['select-room', 'b']);
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('says when there are no rooms', async () => {
    await loadTranslation('de'); // a shipped locale other than English loads on first use
    const el = await fixture<CryptalkRoomList>(html`<cryptalk-room-list locale="de"></cryptalk-room-list>`);
    expect(el.shadowRoot!.textContent).to.contain('Noch keine Unterhaltungen.');
  });
});
