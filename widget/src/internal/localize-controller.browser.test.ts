import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { translationReady } from '../translations/index.js';
import { LocalizeController } from './localize-controller.js';

/** A minimal localized element: its `send` string and its direction. */
class LocalizeProbe extends LitElement {
  static override properties = { locale: { type: String } };
  locale = '';
  readonly l10n = new LocalizeController(this);
  override render() {
    return html`<p dir=${this.l10n.dir}>${this.l10n.t.send}</p>`;
  }
}
customElements.define('cryptalk-localize-probe', LocalizeProbe);

const shown = (el: LocalizeProbe) => el.shadowRoot!.querySelector('p')!;

describe('LocalizeController', () => {
  it('loads a shipped locale on first use and renders in it (right to left for Arabic) once it is there', async () => {
    expect(translationReady('ar'), 'Arabic is not built in').to.equal(false);
    const el = await fixture<LocalizeProbe>(
      html`<cryptalk-localize-probe locale="ar"></cryptalk-localize-probe>`,
    );
    await waitUntil(() => shown(el).textContent === 'إرسال', 'the Arabic table', { timeout: 5000 });
    expect(shown(el).getAttribute('dir')).to.equal('rtl');
    expect(translationReady('ar-EG'), 'a regional code uses its language').to.equal(true);
  });

  it('keeps the table it shows while the next locale loads, then switches', async () => {
    const el = await fixture<LocalizeProbe>(
      html`<cryptalk-localize-probe locale="en"></cryptalk-localize-probe>`,
    );
    expect(shown(el).textContent).to.equal('Send');
    expect(translationReady('ja')).to.equal(false);
    el.locale = 'ja';
    await el.updateComplete;
    // Japanese is still loading (its chunk is fetched, so it cannot arrive within this update's microtasks): the
    // English table stays (never a mix of the two).
    expect(translationReady('ja'), 'the Japanese chunk is still on its way').to.equal(false);
    expect(shown(el).textContent).to.equal('Send');
    await waitUntil(() => shown(el).textContent === '送信', 'the Japanese table', { timeout: 5000 });
    expect(shown(el).getAttribute('dir')).to.equal('ltr');
  });
});
