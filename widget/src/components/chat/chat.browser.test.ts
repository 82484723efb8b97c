import { randomId } from '@cryptalk/sdk';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { MemoryBackend, MemoryHub } from '../../backend/index.js';
import '../../define.js';
import type { CryptalkMessageEvent, CryptalkUnreadEvent } from '../../events/index.js';
import { seriousViolations } from '../../testing/a11y.js';
import { deepQuery, deepQueryAll } from '../../testing/deep-query.js';
import { ignoreResizeObserverLoop } from '../../testing/resize-observer.js';
import type { CryptalkChat } from './chat.component.js';

const relay = (window as unknown as { CRYPTALK_RELAY: string }).CRYPTALK_RELAY;
const texts = (el: Element) => deepQueryAll(el, '[part=text]').map((m) => m.textContent);
const panelOf = (el: CryptalkChat) => deepQuery(el, '[part=panel]');

ignoreResizeObserverLoop();

describe('<cryptalk-chat>', () => {
  afterEach(() => sessionStorage.clear());

  it('shows a launcher bubble, loads the panel on first open, and closes it again', async () => {
    const el = await fixture<CryptalkChat>(html`<cryptalk-chat room=${randomId()}></cryptalk-chat>`);
    el.backend = new MemoryBackend();
    const launcher = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=launcher]')!;
    expect(launcher.getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.querySelector('cryptalk-panel')).to.equal(null);
    setTimeout(() => launcher.click());
    await oneEvent(el, 'cryptalk-open');
    await waitUntil(() => panelOf(el), 'the panel loads', { timeout: 5000 });
    expect(launcher.getAttribute('aria-expanded')).to.equal('true');
    await waitUntil(
      () =>
        deepQuery(el, 'textarea') ===
        el.shadowRoot!.activeElement?.shadowRoot?.activeElement?.shadowRoot?.activeElement,
      'the composer gets focus',
      { timeout: 5000 },
    );
    setTimeout(() => launcher.click());
    await oneEvent(el, 'cryptalk-close');
    expect(el.shadowRoot!.querySelector<HTMLElement>('.panel')!.hidden).to.equal(true);
  });

  it('sends from the composer through a real relay and lists the message in a second widget', async () => {
    // The first widget creates an end-to-end-encrypted room; the second joins it through its invite link.
    const room = `shop-${randomId()}`;
    const a = await fixture<CryptalkChat>(
      html`<cryptalk-chat relay=${relay} room=${room} open></cryptalk-chat>`,
    );
    const connected = (el: CryptalkChat) => deepQuery(el, '[part=send]')?.hasAttribute('disabled') === false;
    await waitUntil(() => connected(a), 'the first widget creates the room', { timeout: 15000 });
    const invite = await a.backend!.inviteLink(room);
    expect(invite).to.match(/#ct1\./);
    const b = await fixture<CryptalkChat>(
      html`<cryptalk-chat relay=${relay} room=${invite} open></cryptalk-chat>`,
    );
    await waitUntil(() => connected(b), 'the second widget joins by the link', { timeout: 15000 });
    const textarea = deepQuery<HTMLTextAreaElement>(a, 'textarea')!;
    textarea.value = 'hello <b>world</b> https://example.com';
    textarea.dispatchEvent(new Event('input'));
    deepQuery<HTMLButtonElement>(a, '[part=send]')!.click();
    await waitUntil(() => texts(b).length === 1, 'the message reaches the second widget', { timeout: 15000 });
    expect(texts(b)).to.deep.equal(['hello <b>world</b> https://example.com']);
    await waitUntil(() => texts(a).length === 1, 'the sender lists it too', { timeout: 5000 });
    // User content is text, never markup; links open safely.
    expect(deepQuery(b, '[part=text] b')).to.equal(null);
    const link = deepQuery<HTMLAnchorElement>(b, '[part=link]')!;
    expect(link.rel).to.equal('noopener noreferrer');
    expect(link.target).to.equal('_blank');
  });

  it('passes persist="none" to the frame placement (the frame then keeps nothing), and only then', async () => {
    const srcOf = async (persist: string) => {
      const el = await fixture<CryptalkChat>(
        persist
          ? html`<cryptalk-chat placement="frame" relay=${relay} mode="inline" persist=${persist}></cryptalk-chat>`
          : html`<cryptalk-chat placement="frame" relay=${relay} mode="inline"></cryptalk-chat>`,
      );
      await waitUntil(() => el.shadowRoot!.querySelector('iframe'), 'the frame is placed', { timeout: 5000 });
      const src = new URL(el.shadowRoot!.querySelector('iframe')!.src);
      el.remove();
      return src;
    };
    const none = await srcOf('none');
    expect(none.pathname).to.equal('/embed');
    expect(none.searchParams.get('persist')).to.equal('none');
    expect(none.searchParams.get('origin')).to.equal(location.origin);
    expect((await srcOf('')).searchParams.has('persist')).to.equal(false);
    expect((await srcOf('device')).searchParams.has('persist')).to.equal(false);
  });

  it('counts unread messages on the launcher while closed, fires events, and clears them on open', async () => {
    const hub = new MemoryHub();
    const room = randomId();
    const el = await fixture<CryptalkChat>(html`<cryptalk-chat room=${room} connect></cryptalk-chat>`);
    el.backend = new MemoryBackend({ hub, userName: 'Ana' });
    el.setAttribute('brand', 'Shop'); // pushes props; the backend is picked up on load
    const other = new MemoryBackend({ hub, userName: 'Bo' });
    await other.join(room);
    await waitUntil(() => hub.members.size === 2, 'the widget connects in the background', { timeout: 5000 });
    const unread = oneEvent(el, 'cryptalk-unread') as Promise<CryptalkUnreadEvent>;
    const message = oneEvent(el, 'cryptalk-message') as Promise<CryptalkMessageEvent>;
    await other.send(room, 'psst');
    expect((await message).message.text).to.equal('psst');
    expect((await unread).count).to.equal(1);
    const badge = el.shadowRoot!.querySelector<HTMLElement>('[part=badge]')!;
    expect(badge.hidden).to.equal(false);
    expect(badge.textContent).to.equal('1');
    expect(el.shadowRoot!.querySelector('[part=launcher]')!.getAttribute('aria-label')).to.contain(
      '1 unread',
    );
    el.show();
    await waitUntil(() => badge.hidden, 'opening clears the badge', { timeout: 5000 });
    expect(el.unread).to.equal(0);
  });

  it('keeps its open state and unread count across SPA navigation (element re-created)', async () => {
    const room = randomId();
    const first = await fixture<CryptalkChat>(html`<cryptalk-chat room=${room}></cryptalk-chat>`);
    first.backend = new MemoryBackend();
    first.show();
    first.remove();
    const again = await fixture<CryptalkChat>(html`<cryptalk-chat room=${room}></cryptalk-chat>`);
    again.backend = new MemoryBackend();
    expect(again.open).to.equal(true);
  });

  it('closes with Escape and returns focus to the launcher; traps Tab inside the open panel', async () => {
    const el = await fixture<CryptalkChat>(html`<cryptalk-chat room=${randomId()}></cryptalk-chat>`);
    el.backend = new MemoryBackend();
    el.show();
    await waitUntil(() => deepQuery(el, 'textarea'), 'the panel loads', { timeout: 5000 });
    const sentinels = deepQueryAll(el, '.sentinel');
    expect(sentinels.length).to.equal(2);
    sentinels[1]!.focus(); // Tab past the last control…
    const header = deepQuery(el, 'header button')!;
    await waitUntil(() => header.matches(':focus'), '…wraps to the first', { timeout: 5000 });
    deepQuery(el, 'textarea')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await waitUntil(() => !el.open, 'Escape closes', { timeout: 5000 });
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('[part=launcher]'));
  });

  it('switches locale (RTL for Arabic) and theme', async () => {
    const el = await fixture<CryptalkChat>(
      html`<cryptalk-chat room=${randomId()} locale="ar"></cryptalk-chat>`,
    );
    el.backend = new MemoryBackend();
    const launcher = el.shadowRoot!.querySelector('[part=launcher]')!;
    expect(launcher.getAttribute('aria-label')).to.equal('افتح الدردشة');
    expect(el.shadowRoot!.querySelector('.root')!.getAttribute('dir')).to.equal('rtl');
    el.show();
    await waitUntil(() => panelOf(el)?.getAttribute('dir') === 'rtl', 'the panel is RTL', { timeout: 5000 });
    el.setLocale('de');
    await waitUntil(() => deepQuery(el, '[part=send]')?.textContent?.trim() === 'Senden', 'German strings', {
      timeout: 5000,
    });
    el.setTheme('dark');
    const surface = getComputedStyle(el.shadowRoot!.querySelector('.root')!).getPropertyValue(
      '--ct-color-surface',
    );
    expect(surface.trim()).to.equal('#17191e');
  });

  it('supports inline mode and has no serious axe violations, closed or open', async () => {
    const el = await fixture<CryptalkChat>(
      html`<cryptalk-chat room=${randomId()} brand="Shop"></cryptalk-chat>`,
    );
    el.backend = new MemoryBackend();
    expect(await seriousViolations(el)).to.deep.equal([]);
    el.show();
    await waitUntil(() => deepQuery(el, 'textarea'), 'the panel loads', { timeout: 5000 });
    expect(await seriousViolations(el)).to.deep.equal([]);
    const inline = await fixture<CryptalkChat>(
      html`<div style="height:400px"><cryptalk-chat mode="inline" room=${randomId()}></cryptalk-chat></div>`,
    );
    const chat = inline.querySelector('cryptalk-chat')!;
    expect(chat.open).to.equal(true);
    expect(getComputedStyle(chat.shadowRoot!.querySelector('[part=launcher]')!).display).to.equal('none');
    expect(chat.getBoundingClientRect().height).to.equal(400);
    const page = await fixture<CryptalkChat>(
      html`<cryptalk-chat mode="page" room=${randomId()}></cryptalk-chat>`,
    );
    const rect = page.getBoundingClientRect();
    expect([rect.top, rect.left, rect.width, rect.height]).to.deep.equal([0, 0, innerWidth, innerHeight]);
  });
});
