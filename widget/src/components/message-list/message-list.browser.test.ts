import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { ChatItem } from '../../backend/index.js';
import type { CryptalkActionEvent } from '../../events/index.js';
import { MESSAGE_LIST_PLAIN_MAX } from '../../limits.js';
import { seriousViolations } from '../../testing/a11y.js';
import { ignoreResizeObserverLoop } from '../../testing/resize-observer.js';
import './message-list.js';
import { loadTranslation } from '../../translations/index.js';
import { loadVirtualOnDemand, type VirtualChunk } from './load-virtual.js';
import { CryptalkMessageList } from './message-list.component.js';

const item = (i: number, extra: Partial<ChatItem> = {}): ChatItem => ({
  id: `m${i}`,
  room: 'r',
  author: i % 2 ? 'Bo' : 'Ana',
  own: i % 2 === 0,
  text: `message number ${i}`,
  sentAt: 1_700_000_000_000 + i * 1000,
  ...extra,
});

const items = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => item(from + i));

ignoreResizeObserverLoop();

/** The rows in the DOM, by message id. */
const rowIds = (el: CryptalkMessageList) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=message]')].map((r) => r.dataset.id);
/** The virtual list's host (a plain list has none). */
const virtualHost = (el: CryptalkMessageList) => el.shadowRoot!.querySelector('.history');
const scrollerOf = (el: CryptalkMessageList) => el.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
/** Whether the row of `id` is within the scroller's visible box. */
const inView = (el: CryptalkMessageList, id: string) => {
  const row = el.shadowRoot!.querySelector(`[data-id="${id}"]`);
  if (!row) return false;
  const box = scrollerOf(el).getBoundingClientRect();
  const r = row.getBoundingClientRect();
  return r.bottom <= box.bottom + 1 && r.top >= box.top - 1;
};
const press = (target: Element, key: string) =>
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }),
  );
const focusedId = (el: CryptalkMessageList) => el.shadowRoot!.activeElement?.getAttribute('data-id');

/**
 * Replaces the list's loader of the virtual list (lists made after take it): counts the loads, and fails the
 * first `failures` of them as a failed chunk download would.
 */
function countLoads(failures = 0): { readonly loads: Promise<VirtualChunk>[] } {
  const loads: Promise<VirtualChunk>[] = [];
  CryptalkMessageList.loadVirtual = () => {
    const load =
      loads.length < failures
        ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
        : loadVirtualOnDemand();
    loads.push(load);
    return load;
  };
  return { loads };
}

describe('<cryptalk-message-list>', () => {
  afterEach(() => {
    CryptalkMessageList.loadVirtual = loadVirtualOnDemand;
  });

  it('virtualizes 10,000 messages: only the visible rows exist, and it starts at the newest', async () => {
    const { loads } = countLoads();
    const messages = items(0, 10_000);
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list style="height:400px" locale="en" .messages=${messages}></cryptalk-message-list>`,
    );
    // Whatever renders first (the newest rows while the virtual list loads), the newest stays in view.
    await waitUntil(() => inView(el, 'm9999'), 'newest shown', { timeout: 5000 });
    // The newest rows that showed while it loaded stay; those out of view move to the virtual list.
    await waitUntil(
      () => virtualHost(el) && rowIds(el).length < MESSAGE_LIST_PLAIN_MAX,
      'the virtual list holds the rows out of view',
      { timeout: 5000 },
    );
    expect(loads.length, 'the virtual list loaded once').to.equal(1);
    await waitUntil(() => inView(el, 'm9999'), 'still at the newest', { timeout: 5000 });
    // The oldest message is reachable: the virtual list renders it, and lets the newest go.
    await waitUntil(
      () => {
        scrollerOf(el).scrollTop = 0;
        return rowIds(el).includes('m0');
      },
      'the oldest message at the top',
      { timeout: 5000 },
    );
    expect(rowIds(el).length).to.be.below(200);
  });

  it(`shows a room of up to ${MESSAGE_LIST_PLAIN_MAX} messages as plain rows, without loading the virtual list`, async () => {
    const { loads } = countLoads();
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list style="height:300px" locale="en" .messages=${items(0, 40)}></cryptalk-message-list>`,
    );
    await waitUntil(() => inView(el, 'm39'), 'the newest message in view', { timeout: 5000 });
    // A first page of history, then messages arriving: still plain up to the threshold.
    el.messages = [...el.messages, ...items(40, MESSAGE_LIST_PLAIN_MAX)];
    await waitUntil(() => rowIds(el).length === MESSAGE_LIST_PLAIN_MAX, 'every message has a row', {
      timeout: 5000,
    });
    await waitUntil(() => inView(el, `m${MESSAGE_LIST_PLAIN_MAX - 1}`), 'the list follows the newest', {
      timeout: 5000,
    });
    expect(rowIds(el)).to.deep.equal(items(0, MESSAGE_LIST_PLAIN_MAX).map((m) => m.id));
    expect(loads.length, 'the virtual list was not loaded').to.equal(0);
    expect(virtualHost(el), 'no virtual list host').to.equal(null);
    expect(scrollerOf(el).getAttribute('role')).to.equal('list');
    expect(el.shadowRoot!.querySelectorAll('[role=listitem]').length).to.equal(MESSAGE_LIST_PLAIN_MAX);
    // The keyboard reaches the oldest and the newest.
    scrollerOf(el).focus();
    press(scrollerOf(el), 'Home');
    await waitUntil(() => focusedId(el) === 'm0', 'Home: the first message', { timeout: 5000 });
    press(el.shadowRoot!.activeElement!, 'End');
    await waitUntil(() => focusedId(el) === `m${MESSAGE_LIST_PLAIN_MAX - 1}`, 'End: the newest', {
      timeout: 5000,
    });
    expect(loads.length, 'still not loaded').to.equal(0);
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('loads the virtual list once the room passes the threshold and keeps following new messages', async () => {
    const { loads } = countLoads();
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list style="height:300px" locale="en" .messages=${items(0, MESSAGE_LIST_PLAIN_MAX)}></cryptalk-message-list>`,
    );
    const last = `m${MESSAGE_LIST_PLAIN_MAX - 1}`;
    await waitUntil(() => inView(el, last), 'the newest message in view', { timeout: 5000 });
    expect(loads.length).to.equal(0);
    // One more message arrives while the reader is at the newest: past the threshold.
    el.messages = [...el.messages, item(MESSAGE_LIST_PLAIN_MAX)];
    await waitUntil(() => loads.length === 1, 'the virtual list loads', { timeout: 5000 });
    await waitUntil(() => virtualHost(el), 'the virtual list is there', {
      timeout: 5000,
    });
    await waitUntil(() => inView(el, `m${MESSAGE_LIST_PLAIN_MAX}`), 'the new message in view', {
      timeout: 5000,
    });
    // More arrive, one by one as a conversation goes: each shows, in view, as the list follows.
    for (let i = MESSAGE_LIST_PLAIN_MAX + 1; i < MESSAGE_LIST_PLAIN_MAX + 12; i++) {
      el.messages = [...el.messages, item(i)];
      await waitUntil(() => inView(el, `m${i}`), `m${i} in view`, { timeout: 5000 });
    }
    // Rows far out of view have left the plain rows for the virtual list.
    await waitUntil(() => rowIds(el).length < MESSAGE_LIST_PLAIN_MAX / 2, 'rows out of view folded', {
      timeout: 5000,
    });
    expect(loads.length, 'loaded once').to.equal(1);
  });

  it('keeps only the rows near the view of a long list, reaches any message by keyboard, and is plain again for a short room', async function () {
    // Usually well under a second; once in several full runs it passed mocha's 10 s, most likely waiting for a
    // virtual list layout that never came (scrollToEnd and focusMessage now wait at most a few frames for it).
    this.timeout(30_000);
    const { loads } = countLoads();
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list style="height:300px" locale="en" .messages=${items(0, 50)}></cryptalk-message-list>`,
    );
    await waitUntil(() => inView(el, 'm49'), 'the newest message in view', { timeout: 5000 });
    // A large addition (10,000 in all): only the rows near the view exist, and the newest stays in view.
    el.messages = [...el.messages, ...items(50, 10_000)];
    await waitUntil(() => virtualHost(el) && inView(el, 'm9999'), 'the newest in view', { timeout: 5000 });
    expect(rowIds(el).length).to.be.below(200);
    expect(loads.length, 'loaded once').to.equal(1);
    // Scroll to a message far back (as a reply's quote or the Home key does) and focus it.
    scrollerOf(el).focus();
    press(scrollerOf(el), 'Home');
    await waitUntil(() => focusedId(el) === 'm0', 'Home: the first message, scrolled in', { timeout: 5000 });
    expect(inView(el, 'm0')).to.equal(true);
    expect(rowIds(el).length).to.be.below(200);
    press(el.shadowRoot!.activeElement!, 'ArrowDown');
    await waitUntil(() => focusedId(el) === 'm1', 'ArrowDown: the next', { timeout: 5000 });
    press(el.shadowRoot!.activeElement!, 'End');
    await waitUntil(() => focusedId(el) === 'm9999', 'End: the newest', { timeout: 5000 });
    await el.scrollToEnd();
    expect(inView(el, 'm9999')).to.equal(true);
    // Another room, with a few messages: plain again; then a long one: virtual again, at its newest.
    el.messages = items(0, 5).map((m) => ({ ...m, id: `short-${m.id}` }));
    await waitUntil(() => rowIds(el).length === 5, 'the short room is plain', { timeout: 5000 });
    expect(virtualHost(el)).to.equal(null);
    el.messages = items(0, 3000).map((m) => ({ ...m, id: `long-${m.id}` }));
    await waitUntil(() => virtualHost(el) && inView(el, 'long-m2999'), 'the long room at its newest', {
      timeout: 5000,
    });
    expect(rowIds(el).length).to.be.below(200);
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('when the virtual list fails to load, shows the newest rows plainly, stays usable, and tries again on the next need', async () => {
    const { loads } = countLoads(3);
    const count = 200;
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list style="height:300px" locale="en" .messages=${items(0, count)}></cryptalk-message-list>`,
    );
    await waitUntil(() => loads.length === 1, 'a first load', { timeout: 5000 });
    await loads[0]!.catch(() => undefined);
    await el.updateComplete;
    const newest = (n: number) => items(n - MESSAGE_LIST_PLAIN_MAX, n).map((m) => m.id);
    expect(rowIds(el), `the newest ${MESSAGE_LIST_PLAIN_MAX} as plain rows`).to.deep.equal(newest(count));
    expect(virtualHost(el)).to.equal(null);
    await waitUntil(() => inView(el, `m${count - 1}`), 'the newest in view', { timeout: 5000 });
    // A message arrives: it shows and the list follows (the second load, which this need starts, fails too).
    el.messages = [...el.messages, item(count)];
    await waitUntil(() => inView(el, `m${count}`), 'the new message in view', { timeout: 5000 });
    await waitUntil(() => loads.length === 2, 'a second load', { timeout: 5000 });
    await loads[1]!.catch(() => undefined);
    await el.updateComplete;
    expect(rowIds(el)).to.deep.equal(newest(count + 1));
    // Home asks for the oldest message: a third load, which fails; focus goes to the oldest row shown.
    const oldestShown = newest(count + 1)[0];
    scrollerOf(el).focus();
    press(scrollerOf(el), 'Home');
    await waitUntil(() => focusedId(el) === oldestShown, 'Home: the oldest row shown', { timeout: 5000 });
    // Scrolled to the top of the plain rows, the reader needs the older ones: the fourth load works. The
    // plain rows stay (focus too), the older messages join above them.
    await waitUntil(() => loads.length === 4 && virtualHost(el), 'loaded', {
      timeout: 5000,
    });
    expect(focusedId(el)).to.equal(oldestShown);
    press(el.shadowRoot!.activeElement!, 'ArrowUp');
    await waitUntil(() => focusedId(el) === `m${count - MESSAGE_LIST_PLAIN_MAX}`, 'ArrowUp: the one before', {
      timeout: 5000,
    });
    press(el.shadowRoot!.activeElement!, 'Home');
    await waitUntil(() => focusedId(el) === 'm0', 'Home: the first message now', { timeout: 5000 });
    expect(rowIds(el).length).to.be.below(200);
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
    const messages = items(0, 500);
    const el = await fixture<CryptalkMessageList>(
      html`<cryptalk-message-list style="height:300px" locale="en" .messages=${messages} .capabilities=${{ edit: true }}></cryptalk-message-list>`,
    );
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('[data-id=m499]'), 'newest shown', { timeout: 5000 });
    expect(
      root.querySelectorAll('[part=message]:not([tabindex="-1"])').length,
      'rows are not tab stops',
    ).to.equal(0);
    const focused = () => focusedId(el);
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
