import { randomId } from '@cryptalk/sdk';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { type ChatItem, MemoryBackend, MemoryHub } from '../../backend/index.js';
import '../../define.js';
import type { EscrowChunk } from '../../escrow/load-escrow.js';
import { ESCROW_OFFER_TEXT_PREFIX } from '../../escrow/offer-text.js';
import type { EscrowDriver } from '../../escrow/types.js';
import { seriousViolations } from '../../testing/a11y.js';
import { deepQuery } from '../../testing/deep-query.js';
import { ignoreResizeObserverLoop } from '../../testing/resize-observer.js';
import type { CryptalkChat } from '../chat/chat.component.js';
import type { CryptalkEscrowCard } from '../escrow/escrow.component.js';
import './message-list.js';
import { loadOfferContentOnDemand } from './load-offer-content.js';
import { CryptalkMessageList } from './message-list.component.js';
import type { EscrowListOptions } from './offer-content.js';

// The list loads the escrow chunk as it ships (widget/dist/cryptalk-escrow.js, built by
// `node widget/scripts/build.mjs`): ethers needs its package.json `browser` map, which the test runner ignores.
const CHUNK_BASE = new URL('/widget/dist/', location.href).href;

/** `signedTestListing()` of widget/src/escrow/testing-offer.ts as message text (deterministic EIP-712 signature). */
const GOLDEN_OFFER =
  'cryptalk-escrow-offer:1:eyJ2IjoxLCJjaGFpbklkIjozMTMzNywibWFya2V0cGxhY2UiOiIweGU3ZjE3MjVFNzczNENFMjg4RjgzNjdlMUJiMTQzRTkwYmIzRjA1MTIiLCJraW5kIjoibGlzdGluZyIsIm9yZGVyIjp7Im1ha2VyIjoiMHg3MDk5Nzk3MEM1MTgxMmRjM0EwMTBDN2QwMWI1MGUwZDE3ZGM3OUM4IiwidGFrZXIiOiIweDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAiLCJ0b2tlbiI6IjB4MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMCIsInByaWNlIjoiMTAwMDAwMDAwMDAwMDAwMDAwMCIsIml0ZW0iOiIweGE2ZmRjZDQ5OWU4OWVhYTA0YTJiNTZmMDMyNWJhMmQyZjUxMGMyZjk2ZmNjMDAyNWQ4OTEzZjg3OWRjMDIyMGYiLCJhcmJpdGVyIjoiMHg5MEY3OWJmNkVCMmM0Zjg3MDM2NUU3ODU5ODJFMWYxMDFFOTNiOTA2Iiwic2hpcFdpdGhpbiI6NjA0ODAwLCJpbnNwZWN0aW9uUGVyaW9kIjoyNTkyMDAsImFyYml0cmF0aW9uUGVyaW9kIjo2MDQ4MDAsImRlZmF1bHRCdXllckJwcyI6NTAwMCwibm9uY2UiOiI0MiIsImNvdW50ZXIiOiIwIiwiZXhwaXJ5Ijo0MTAyNDQ0ODAwfSwic2lnbmF0dXJlIjoiMHg0ODAwYTgwYTFiMmY0OWNhZWJlMzZlNjI0MTEyYjkxMDM5Mzg3MzY0YWYwODYwNzZiYjc5MDhhMDFjOWNlNjQwNmRiMTBlYWY0NjlmODY1NjVmMzAzOWMyYjI0MmJhNmUyNDVmMjUyM2RkMDk2NjcwMmVlMTQzNGQ2Y2ZjZWQ0ZjFjIiwiZGVzY3JpcHRpb24iOiJWaW50YWdlIGJpa2UifQ==';
/** Anvil's accounts 1 (the test listing's seller) and 2 (a buyer). */
const SELLER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const BUYER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

/** The golden offer with its JSON changed by `edit` and re-encoded (the signature no longer matches). */
function tampered(edit: (wire: { order: Record<string, unknown>; description?: string }) => void): string {
  const head = `${ESCROW_OFFER_TEXT_PREFIX}1:`;
  const wire = JSON.parse(atob(GOLDEN_OFFER.slice(head.length)));
  edit(wire);
  return `${head}${btoa(JSON.stringify(wire))}`;
}

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

// Hundreds of unbundled modules load before the tests: make room so the chunk's entry is recorded.
performance.setResourceTimingBufferSize(100_000);
const chunkRequested = () =>
  performance.getEntriesByType('resource').some((e) => e.name.endsWith('/cryptalk-escrow.js'));

async function list(messages: ChatItem[], escrow: EscrowListOptions): Promise<CryptalkMessageList> {
  return fixture<CryptalkMessageList>(
    html`<cryptalk-message-list style="height:480px" locale="en" .escrow=${escrow} .messages=${messages}></cryptalk-message-list>`,
  );
}

const rows = (el: CryptalkMessageList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=message]')];
const row = (el: CryptalkMessageList, id: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part=message][data-id="${id}"]`);
const cardIn = (el: CryptalkMessageList, id: string) =>
  row(el, id)?.querySelector<CryptalkEscrowCard>('cryptalk-escrow-card') ?? null;

/** The chunk's memory driver (the chunk is loaded by the time a card exists). */
async function memoryDriver(account: string): Promise<EscrowDriver & { account: string }> {
  const chunk = (await import(/* @vite-ignore */ `${CHUNK_BASE}cryptalk-escrow.js`)) as EscrowChunk;
  return new chunk.MemoryEscrowDriver({ account, now: 1_800_000_000 });
}

describe('<cryptalk-message-list> with escrow offers', function () {
  // Loading the escrow chunk (ethers) takes a while on a loaded 2-core machine.
  this.timeout(40_000);

  it('loads the escrow chunk only at the first offer, with a placeholder until the card shows', async () => {
    const plain = await list([item(1), item(2)], { chunkBase: CHUNK_BASE, pollInterval: 60_000 });
    await waitUntil(() => rows(plain).length === 2, 'plain rows', { timeout: 5000 });
    expect(chunkRequested(), 'no offer, no chunk').to.equal(false);
    expect(customElements.get('cryptalk-escrow-card')).to.equal(undefined);

    const el = await list([item(1)], { chunkBase: CHUNK_BASE, pollInterval: 60_000 });
    // The offer rendering loads first (a plain placeholder meanwhile), then shows the offer's own until the
    // escrow chunk is there. Each render is recorded as it happens: a chunk already in the browser's cache can
    // replace the placeholder between two polls.
    const seen: { text: string; busy: string | null }[] = [];
    const watch = new MutationObserver(() => {
      const p = row(el, 'm2')?.querySelector('[part=escrow-placeholder]');
      if (p?.textContent) seen.push({ text: p.textContent, busy: p.getAttribute('aria-busy') });
    });
    watch.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
    el.messages = [item(1), item(2, { text: GOLDEN_OFFER })];
    await waitUntil(() => row(el, 'm2'), 'offer row', { timeout: 5000 });
    await waitUntil(() => seen.length > 0 || cardIn(el, 'm2'), 'placeholder or card', { timeout: 15_000 });
    watch.disconnect();
    expect(seen[0], 'a placeholder while the chunk loads').to.deep.equal({
      text: 'Escrow offer: Vintage bike (loading…)',
      busy: 'true',
    });

    await waitUntil(() => cardIn(el, 'm2'), 'the card replaces the placeholder', { timeout: 15_000 });
    expect(chunkRequested(), 'the chunk came from cryptalk-escrow.js').to.equal(true);
    const card = cardIn(el, 'm2')!;
    expect(card.offer?.description).to.equal('Vintage bike');
    await card.updateComplete;
    expect(card.shadowRoot!.querySelector('[part=item]')!.textContent).to.equal('Vintage bike');
    expect(row(el, 'm2')!.querySelector('[part=escrow-placeholder]')).to.equal(null);
    expect(row(el, 'm2')!.querySelector('[part=text]'), 'no raw offer text').to.equal(null);
    expect(row(el, 'm1')!.querySelector('[part=text]')!.textContent).to.equal('message number 1');
  });

  describe('the offer rendering (a lazy chunk of its own)', () => {
    afterEach(() => {
      CryptalkMessageList.loadOfferContent = loadOfferContentOnDemand;
    });

    /** Replaces the lists' loader of the offer rendering: counts loads, each held until `release`. */
    function heldLoads(fail = false) {
      let loads = 0;
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      CryptalkMessageList.loadOfferContent = async () => {
        loads++;
        await gate;
        if (fail) throw new TypeError('Failed to fetch dynamically imported module');
        return loadOfferContentOnDemand();
      };
      return { loads: () => loads, release: () => release() };
    }

    it('loads with the first offer; a plain placeholder as tall as the offer’s own holds its row meanwhile', async () => {
      const held = heldLoads();
      const plain = await list([item(1), item(2)], { chunkBase: CHUNK_BASE, pollInterval: 60_000 });
      await waitUntil(() => rows(plain).length === 2, 'plain rows', { timeout: 5000 });
      expect(held.loads(), 'no offer, no offer rendering').to.equal(0);

      const el = await list([item(1), item(2, { text: GOLDEN_OFFER })], {
        chunkBase: CHUNK_BASE,
        pollInterval: 60_000,
      });
      await waitUntil(() => row(el, 'm2'), 'offer row', { timeout: 5000 });
      expect(held.loads()).to.equal(1);
      const placeholder = row(el, 'm2')!.querySelector<HTMLElement>('[part=escrow-placeholder]')!;
      expect(placeholder, 'a placeholder while it loads').to.not.equal(null);
      expect(placeholder.getAttribute('aria-busy')).to.equal('true');
      expect(placeholder.textContent, 'no raw offer text').to.equal('');
      expect(row(el, 'm2')!.querySelector('[part=text]')).to.equal(null);
      const em = Number.parseFloat(getComputedStyle(placeholder).fontSize);
      expect(placeholder.getBoundingClientRect().height).to.be.at.least(2.5 * em - 0.5);

      held.release();
      await waitUntil(() => cardIn(el, 'm2'), 'then the card', { timeout: 15_000 });
      expect(held.loads(), 'loaded once').to.equal(1);
      // A list made later renders offers at once with what is loaded.
      const later = await list([item(3, { text: GOLDEN_OFFER })], {
        chunkBase: CHUNK_BASE,
        pollInterval: 60_000,
      });
      await waitUntil(() => cardIn(later, 'm3'), 'a card at once', { timeout: 15_000 });
      expect(held.loads()).to.equal(1);
      expect(await seriousViolations(el)).to.deep.equal([]);
    });

    it('shows the offer as the message text when its rendering cannot be loaded', async () => {
      const held = heldLoads(true);
      const el = await list([item(1, { text: GOLDEN_OFFER })], { chunkBase: CHUNK_BASE });
      await waitUntil(() => row(el, 'm1')?.querySelector('[part=escrow-placeholder]'), 'placeholder', {
        timeout: 5000,
      });
      held.release();
      await waitUntil(() => row(el, 'm1')?.querySelector('[part=text]'), 'the text', { timeout: 5000 });
      expect(row(el, 'm1')!.querySelector('[part=text]')!.textContent).to.equal(GOLDEN_OFFER);
      expect(row(el, 'm1')!.querySelector('[part=escrow-placeholder]')).to.equal(null);
      expect(row(el, 'm1')!.querySelector('cryptalk-escrow-card')).to.equal(null);
      expect(held.loads()).to.equal(1);
    });
  });

  it('shows a forged or broken offer as text with a warning, never as a card', async () => {
    const forgedPrice = tampered((w) => {
      w.order.price = '1';
    });
    const forgedItem = tampered((w) => {
      w.description = 'Something else';
    });
    const messages = [
      item(1, { text: forgedPrice }),
      item(2, { text: forgedItem }),
      item(3, { text: `${ESCROW_OFFER_TEXT_PREFIX}1:!!not-base64!!` }),
      item(4, { text: GOLDEN_OFFER }),
    ];
    const el = await list(messages, { chunkBase: CHUNK_BASE, pollInterval: 60_000 });
    await waitUntil(() => cardIn(el, 'm4'), 'the valid offer is a card', { timeout: 15_000 });
    for (const m of messages.slice(0, 3)) {
      const r = row(el, m.id)!;
      expect(r.querySelector('cryptalk-escrow-card'), m.id).to.equal(null);
      expect(r.querySelector('[part=text]')!.textContent, m.id).to.equal(m.text);
      const warning = r.querySelector('[part=offer-warning]')!;
      expect(warning.textContent, m.id).to.contain('signature does not match');
      expect(warning.getAttribute('role')).to.equal('note');
    }
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('says so and keeps the text when the chunk cannot be loaded', async () => {
    const el = await list([item(1, { text: GOLDEN_OFFER })], {
      chunkBase: new URL('/no-such-folder/', location.href).href,
    });
    await waitUntil(() => row(el, 'm1')?.querySelector('[part=offer-warning]'), 'the notice', {
      timeout: 15_000,
    });
    expect(row(el, 'm1')!.querySelector('[part=offer-warning]')!.textContent).to.contain(
      'could not be loaded',
    );
    expect(row(el, 'm1')!.querySelector('[part=text]')!.textContent).to.equal(GOLDEN_OFFER);
  });

  it('keeps a card (wallet, state) across virtualized recycling and shows the other party’s change live', async () => {
    const driver = await memoryDriver(BUYER);
    const messages = Array.from({ length: 400 }, (_, i) => item(i, i === 0 ? { text: GOLDEN_OFFER } : {}));
    const el = await list(messages, { chunkBase: CHUNK_BASE, driver, pollInterval: 250 });
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
    await waitUntil(() => rows(el).some((r) => r.dataset.id === 'm399'), 'newest shown', { timeout: 5000 });
    expect(row(el, 'm0'), 'the offer row is virtualized away').to.equal(null);

    // Scrolls again on every check: the list's own scroll-to-newest may land after a first scroll.
    const scrollTo = (top: number) => {
      scroller.scrollTop = top < 0 ? scroller.scrollHeight : top;
    };
    await waitUntil(
      () => {
        scrollTo(0);
        return cardIn(el, 'm0');
      },
      'the card at the top',
      { timeout: 15_000 },
    );
    const card = cardIn(el, 'm0')!;
    await card.connectWallet();
    await card.perform('accept');
    await card.updateComplete;
    expect(card.shadowRoot!.querySelector<HTMLElement>('[part=state]')!.dataset.phase).to.equal('funded');

    await waitUntil(
      () => {
        scrollTo(-1);
        return !card.isConnected && row(el, 'm0') === null;
      },
      'the row is recycled',
      { timeout: 5000 },
    );
    // Meanwhile the seller ships (on the shared memory "chain").
    driver.account = SELLER;
    await driver.act('ship', card.offer!, card.snapshot!);
    driver.account = BUYER;

    await waitUntil(
      () => {
        scrollTo(0);
        return cardIn(el, 'm0');
      },
      'the row is back',
      { timeout: 5000 },
    );
    expect(cardIn(el, 'm0'), 'the same card element, not a new one').to.equal(card);
    expect(card.account, 'still connected').to.equal(BUYER);
    await waitUntil(
      () => card.shadowRoot!.querySelector<HTMLElement>('[part=state]')!.dataset.phase === 'shipped',
      'the card resumed polling and shows the seller’s change',
      { timeout: 5000 },
    );
    expect(
      [...card.shadowRoot!.querySelectorAll<HTMLElement>('[part=action]')].map((b) => b.dataset.action),
    ).to.deep.equal(['release', 'dispute']);
  });

  it('chat.postEscrowOffer() posts the offer as a room message that both members see as a card', async () => {
    const hub = new MemoryHub();
    const room = randomId();
    const open = async (userName: string) => {
      const el = await fixture<CryptalkChat>(
        html`<cryptalk-chat mode="inline" room=${room} style="height:560px"></cryptalk-chat>`,
      );
      el.backend = new MemoryBackend({ hub, userName });
      el.show();
      const list = await waitUntil(
        () => deepQuery(el, 'cryptalk-message-list'),
        `${userName}'s message list`,
        { timeout: 10_000 },
      ).then(() => deepQuery(el, 'cryptalk-message-list') as CryptalkMessageList);
      list.escrow = { chunkBase: CHUNK_BASE, pollInterval: 60_000, driver: await memoryDriver(BUYER) };
      return { el, list };
    };
    const seller = await open('Sam');
    const buyer = await open('Bea');
    await waitUntil(() => hub.members.size === 2, 'both in the room', { timeout: 10_000 });

    let refused: unknown;
    await seller.el.postEscrowOffer('hello').catch((e) => (refused = e));
    expect(refused).to.be.instanceOf(TypeError);

    await seller.el.postEscrowOffer(GOLDEN_OFFER);
    const cardOf = (list: CryptalkMessageList) =>
      list.shadowRoot!.querySelector<CryptalkEscrowCard>('[part=message] [part=escrow] > *');
    await waitUntil(() => cardOf(buyer.list) && cardOf(seller.list), 'a card on both sides', {
      timeout: 15_000,
    });
    expect(cardOf(buyer.list)!.offer?.description).to.equal('Vintage bike');
    expect(buyer.list.shadowRoot!.querySelector('[part=message]:not(.own) [part=escrow]')).to.not.equal(null);
    expect(seller.list.shadowRoot!.querySelector('[part=message].own [part=escrow]')).to.not.equal(null);
    expect(buyer.list.messages.map((m) => m.text)).to.deep.equal([GOLDEN_OFFER]);
  });
});
