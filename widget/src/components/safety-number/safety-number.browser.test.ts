import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { CryptalkActionEvent } from '../../events/index.js';
import { seriousViolations } from '../../testing/a11y.js';
import './safety-number.js';
import { loadTranslation } from '../../translations/index.js';
import type { CryptalkSafetyNumber } from './safety-number.component.js';

describe('<cryptalk-safety-number>', () => {
  it('shows 12 groups of 5 digits and asks to verify', async () => {
    const number = '012345678901234567890123456789012345678901234567890123456789';
    await loadTranslation('ar'); // a shipped locale other than English loads on first use
    const el = await fixture<CryptalkSafetyNumber>(
      html`<cryptalk-safety-number number=${number} locale="ar"></cryptalk-safety-number>`,
    );
    const groups = [...el.shadowRoot!.querySelectorAll('[part=digits] span')].map((s) => s.textContent);
    expect(groups.length).to.equal(12);
    expect(groups[0]).to.equal('01234');
    expect(await seriousViolations(el)).to.deep.equal([]);
    setTimeout(() => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=verify]')!.click());
    const ev = (await oneEvent(el, 'cryptalk-action')) as CryptalkActionEvent;
    expect(ev.action).to.equal('verify');
  });
});
