import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { ChatItem } from '../../backend/index.js';
import type { CryptalkActionEvent } from '../../events/index.js';
import { seriousViolations } from '../../testing/a11y.js';
import { ignoreResizeObserverLoop } from '../../testing/resize-observer.js';
import './message-list.js';
import { loadTranslation } from '../../translations/index.js';
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

  it('is one tab stop: arrow keys, Home and End move focus between messages, far ones scrolled in', async () => {
    const messages = Array.from({ length: 500 }, (_, i) => item(i));
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list style="height:300px" locale="en" .messages=${messages} .capabilities=${{ edit: true }}></cryptalk-message-list>`,
    );
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('[data-id=m499]'), 'newest shown', { timeout: 5000 });
    expect(
      root.querySelectorAll('[part=message]:not([tabindex="-1"])').length,
      'rows are not tab stops',
    ).to.equal(0);
    const focused = () => root.activeElement?.getAttribute('data-id');
    const press = (target: Element, key: string) =>
      target.dispatchEvent(
        new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }),
      );
    const scroller = root.querySelector<HTMLElement>('.scroller')!;
    expect(scroller.tabIndex).to.equal(0);
    scroller.focus();
    press(scroller, 'ArrowUp');
    await waitUntil(() => focused() === 'm499', 'ArrowUp from the list: the newest message', {
      timeout: 5000,
    });
    press(root.activeElement!, 'ArrowUp');
    await waitUntil(() => focused() === 'm498', 'ArrowUp: the one before', { timeout: 5000 });
    await waitUntil(
      () => root.querySelector('[data-id=m498] .actions'),
      'the focused message shows its actions (Tab reaches them)',
      { timeout: 5000 },
    );
    press(root.activeElement!, 'Home');
    await waitUntil(() => focused() === 'm0', 'Home: the first message, scrolled in', { timeout: 5000 });
    press(root.activeElement!, 'ArrowUp');
    await new Promise((r) => setTimeout(r, 100));
    expect(focused(), 'ArrowUp on the first stays').to.equal('m0');
    press(root.activeElement!, 'ArrowDown');
    await waitUntil(() => focused() === 'm1', 'ArrowDown: the next', { timeout: 5000 });
    press(root.activeElement!, 'End');
    await waitUntil(() => focused() === 'm499', 'End: the newest', { timeout: 5000 });
  });

  it('shows the empty slot and who is typing', async () => {
    await loadTranslation('de'); // a shipped locale other than English loads on first use
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list .typing=${['Bo', 'Cy']} locale="de"><p slot="empty">Nothing</p></cryptalk-message-list>`,
    );
    expect(el.shadowRoot!.querySelector('[part=typing]')!.textContent).to.equal('2 Personen schreiben…');
    expect(el.shadowRoot!.querySelector('slot[name=empty]')).to.not.equal(null);
  });
});
