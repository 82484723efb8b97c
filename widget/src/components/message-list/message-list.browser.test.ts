import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { ChatItem } from '../../backend/index.js';
import type { CryptalkActionEvent } from '../../events/index.js';
import { seriousViolations } from '../../testing/a11y.js';
import { ignoreResizeObserverLoop } from '../../testing/resize-observer.js';
import './message-list.js';
import type { CryptalkMessageList } from './message-list.component.js';

const item = (i: number, extra: Partial<ChatItem> = {}): ChatItem => ({
  id: `m${i}`,
  room: 'r',
  author: i % 2 ? 'Bo' : 'Ana',
  own: i % 2 === 0,
  text: `message number ${i}`,
  sentAt: 1_700_000_000_000 + i * 1000,
  ...extra,
});

ignoreResizeObserverLoop();

describe('<cryptalk-message-list>', () => {
  it('virtualizes 10,000 messages: only the visible rows exist, and it starts at the newest', async () => {
    const messages = Array.from({ length: 10_000 }, (_, i) => item(i));
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list style="height:400px" locale="en" .messages=${messages}></cryptalk-message-list>`,
    );
    const rows = () => el.shadowRoot!.querySelectorAll('[part=message]');
    await waitUntil(
      () => [...rows()].some((r) => r.textContent?.includes('message number 9999')),
      'newest shown',
      {
        timeout: 5000,
      },
    );
    expect(rows().length).to.be.below(200);
  });

  it('renders user content as text, links with rel=noopener noreferrer, receipts and reactions', async () => {
    const messages = [
      item(1, { text: '<script>alert(1)</script> see https://example.com/x.' }),
      item(2, { status: 'read', reactions: [{ emoji: '👍', count: 2, mine: true }], edited: true }),
      item(3, { deleted: true, text: '' }),
    ];
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list style="height:400px" .messages=${messages} .capabilities=${{ react: true, edit: true, delete: true }}></cryptalk-message-list>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part=message]').length === 3, 'rows', {
      timeout: 5000,
    });
    const root = el.shadowRoot!;
    expect(root.querySelector('script')).to.equal(null);
    const a = root.querySelector<HTMLAnchorElement>('a[part=link]')!;
    expect(a.href).to.equal('https://example.com/x');
    expect(a.rel).to.equal('noopener noreferrer');
    expect(root.querySelector('.status')!.getAttribute('aria-label')).to.equal('Read');
    expect(root.querySelector('.reaction')!.getAttribute('aria-pressed')).to.equal('true');
    expect(root.querySelector('.deleted')!.textContent).to.equal('This message was deleted.');
    expect(root.querySelectorAll('.actions').length, 'no actions before hover or focus').to.equal(0);
    // Focus (like hover) shows a row's actions: only that row renders them.
    root.querySelector<HTMLElement>('[data-id=m2]')!.focus();
    const editButton = () =>
      [...root.querySelectorAll<HTMLButtonElement>('.actions button')].find((b) => b.textContent === 'Edit');
    await waitUntil(editButton, 'actions of the focused row', { timeout: 5000 });
    expect(root.querySelectorAll('.actions').length).to.equal(1);
    const edit = editButton()!;
    setTimeout(() => edit.click());
    const ev = (await oneEvent(el, 'cryptalk-action')) as CryptalkActionEvent;
    expect([ev.action, ev.subject]).to.deep.equal(['edit', 'm2']);
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('shows the empty slot and who is typing', async () => {
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list .typing=${['Bo', 'Cy']} locale="de"><p slot="empty">Nothing</p></cryptalk-message-list>`,
    );
    expect(el.shadowRoot!.querySelector('[part=typing]')!.textContent).to.equal('2 Personen schreiben…');
    expect(el.shadowRoot!.querySelector('slot[name=empty]')).to.not.equal(null);
  });
});
