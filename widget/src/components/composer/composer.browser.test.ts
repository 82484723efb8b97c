import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { ChatItem } from '../../backend/index.js';
import type { CryptalkActionEvent, CryptalkSendEvent } from '../../events/index.js';
import { seriousViolations } from '../../testing/a11y.js';
import './composer.js';
import { loadTranslation } from '../../translations/index.js';
import type { CryptalkComposer } from './composer.component.js';

const all = { attachments: true, typing: true };

describe('<cryptalk-composer>', () => {
  it('sends on Enter, keeps Shift+Enter as a new line, and inserts emoji', async () => {
    const el = await fixture<CryptalkComposer>(
      html`<cryptalk-composer .capabilities=${all}></cryptalk-composer>`,
    );
    const area = el.shadowRoot!.querySelector('textarea')!;
    area.value = 'line 1';
    area.dispatchEvent(new Event('input'));
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true }));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=emoji-button]')!.click();
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('.emoji-grid button')!.click();
    await el.updateComplete;
    expect(area.value).to.equal('line 1😀');
    setTimeout(() => area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' })));
    const ev = (await oneEvent(el, 'cryptalk-send')) as CryptalkSendEvent;
    expect(ev.text).to.equal('line 1😀');
    await el.updateComplete;
    expect(area.value).to.equal('');
  });

  it('attaches dropped and pasted files, and shows upload progress', async () => {
    const el = await fixture<CryptalkComposer>(
      html`<cryptalk-composer .capabilities=${all} .uploads=${[{ id: '1', name: 'a.png', progress: 0.5 }]}></cryptalk-composer>`,
    );
    expect(el.shadowRoot!.querySelector<HTMLProgressElement>('[part=upload] progress')!.value).to.equal(0.5);
    const dt = new DataTransfer();
    dt.items.add(new File(['x'], 'notes.txt', { type: 'text/plain' }));
    const form = el.shadowRoot!.querySelector('form')!;
    setTimeout(() =>
      form.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })),
    );
    const dropped = (await oneEvent(el, 'cryptalk-send')) as CryptalkSendEvent;
    expect(dropped.files.map((f) => f.name)).to.deep.equal(['notes.txt']);
    const area = el.shadowRoot!.querySelector('textarea')!;
    setTimeout(() =>
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })),
    );
    const pasted = (await oneEvent(el, 'cryptalk-send')) as CryptalkSendEvent;
    expect(pasted.files.length).to.equal(1);
  });

  it('shows the reply banner, cancels with Escape, and has no serious axe violations', async () => {
    const reply: ChatItem = { id: 'm1', room: 'r', author: 'Bo', own: false, text: 'hi', sentAt: 0 };
    await loadTranslation('ja'); // a shipped locale other than English loads on first use
    const el = await fixture<CryptalkComposer>(
      html`<cryptalk-composer .replyTo=${reply} locale="ja"></cryptalk-composer>`,
    );
    expect(el.shadowRoot!.querySelector('[part=banner]')!.textContent).to.contain('Bo さんに返信');
    expect(await seriousViolations(el)).to.deep.equal([]);
    const area = el.shadowRoot!.querySelector('textarea')!;
    setTimeout(() => area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' })));
    const ev = (await oneEvent(el, 'cryptalk-action')) as CryptalkActionEvent;
    expect(ev.action).to.equal('cancel');
  });
});
