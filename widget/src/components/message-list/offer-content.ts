/**
 * How `<cryptalk-message-list>` shows a message whose text carries an escrow offer
 * (`cryptalk-escrow-offer:1:…`, see widget/src/escrow/offer-text.ts):
 *
 * 1. at first sight of an offer, the escrow chunk (`cryptalk-escrow.js`) is imported, once per page;
 *    meanwhile the row shows a compact placeholder with the (unverified) item name;
 * 2. once loaded, the chunk's `escrowOfferFromText` decodes and verifies the offer (EIP-712 signature by the
 *    maker): a valid offer becomes a `<cryptalk-escrow-card>`; an invalid or forged one stays plain text with
 *    a warning, never a card; a chunk that fails to load leaves the text with a notice (a row rendered
 *    {@link CHUNK_RETRY_MS} later tries again).
 *
 * The list is virtualized, so rows come and go while scrolling. Each card element is kept per list and per
 * message (bounded by {@link MAX_KEPT_OFFER_CARDS}) and put back into whichever row shows that message: the
 * connected wallet, the last chain reading and the pending or last transaction survive recycling, and the card
 * resumes polling the chain when it is back in the DOM.
 *
 * Free of ethers, and itself a lazy chunk with its strings, its styles and the text helpers
 * (load-offer-content.ts): the list loads it when it first shows an offer.
 * @module
 */
import { html, type TemplateResult } from 'lit';
import { AsyncDirective, directive, type PartInfo, PartType } from 'lit/async-directive.js';
import type { ChatItem } from '../../backend/index.js';
import { CHUNK_RETRY_MS, MAX_KEPT_OFFER_CARDS } from '../../escrow/limits.js';
import { type EscrowChunk, loadEscrowChunk } from '../../escrow/load-escrow.js';
import { isEscrowOfferText, peekEscrowOfferItem } from '../../escrow/offer-text.js';
import type { EscrowDriver } from '../../escrow/types.js';
import { escrowMessageStringsFor } from '../../translations/escrow-message.js';
import type { CryptalkEscrowCard } from '../escrow/escrow.component.js';

export { offerContentStyles } from './offer-content.styles.js';

/** Where the escrow chunk comes from and how its cards reach the chain. Set as the list's `escrow` property. */
export interface EscrowListOptions {
  /**
   * The URL `cryptalk-escrow.js` sits beside. @default beside the chat core (`cryptalk-core.js`), where the
   * script-tag build puts it.
   */
  chunkBase?: string | URL;
  /** The cards' chain and wallet. @default an EIP-1193 driver over `window.ethereum` */
  driver?: EscrowDriver;
  /** How often a card re-reads the chain, in ms. @default the card's own (4000) */
  pollInterval?: number;
}

/** The chunk as loaded for one base URL: pending, loaded, or failed. */
type ChunkState =
  | { kind: 'loading'; done: Promise<void> }
  | { kind: 'ready'; chunk: EscrowChunk }
  | { kind: 'failed'; at: number };

const chunks = new Map<string, ChunkState>();

/** What one message's offer turned out to be, kept per list. */
type Verdict = { text: string; card: CryptalkEscrowCard } | { text: string; card?: undefined };

const kept = new WeakMap<object, Map<string, Verdict>>();

function chunkState(base: string | URL): ChunkState {
  const key = new URL(base, globalThis.location?.href).href;
  let state = chunks.get(key);
  if (!state || (state.kind === 'failed' && Date.now() - state.at > CHUNK_RETRY_MS)) {
    const done = loadEscrowChunk(key).then(
      (chunk) => void chunks.set(key, { kind: 'ready', chunk }),
      () => void chunks.set(key, { kind: 'failed', at: Date.now() }),
    );
    state = { kind: 'loading', done };
    chunks.set(key, state);
  }
  return state;
}

function verdictFor(host: object, m: ChatItem, chunk: EscrowChunk): Verdict {
  const byId = kept.get(host) ?? new Map<string, Verdict>();
  kept.set(host, byId);
  const known = byId.get(m.id);
  if (known && known.text === m.text) {
    // Most recently used last, so eviction takes the longest unseen first.
    byId.delete(m.id);
    byId.set(m.id, known);
    return known;
  }
  let verdict: Verdict;
  try {
    const offer = chunk.escrowOfferFromText(m.text);
    // Constructed from the chunk's class: the core carries no escrow tag name (bundle-size.test.ts checks).
    const card = new chunk.CryptalkEscrowCard();
    card.offer = offer;
    verdict = { text: m.text, card };
  } catch {
    verdict = { text: m.text };
  }
  byId.set(m.id, verdict);
  for (const [id, v] of byId) {
    if (byId.size <= MAX_KEPT_OFFER_CARDS) break;
    if (!v.card?.isConnected) byId.delete(id);
  }
  return verdict;
}

/** Renders the offer of one message; re-renders itself when the chunk arrives, whatever the list does. */
class EscrowOfferDirective extends AsyncDirective {
  #wanted = 0;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.CHILD) throw new Error('escrowOffer() goes in a child position');
  }

  render(host: object, m: ChatItem, locale: string, options: EscrowListOptions): TemplateResult {
    const s = escrowMessageStringsFor(locale);
    const ticket = ++this.#wanted;
    const state = chunkState(options.chunkBase ?? new URL('.', import.meta.url));
    if (state.kind === 'loading') {
      void state.done.then(() => {
        if (this.isConnected && ticket === this.#wanted) this.setValue(this.render(host, m, locale, options));
      });
      return html`<div part="escrow-placeholder" class="offer-placeholder" aria-busy="true">${s.loading(
        peekEscrowOfferItem(m.text),
      )}</div>`;
    }
    if (state.kind === 'failed') return asText(m.text, s.unavailable);
    const verdict = verdictFor(host, m, state.chunk);
    if (!verdict.card) return asText(m.text, s.invalid);
    const { card } = verdict;
    card.locale = locale;
    if (options.driver && card.driver !== options.driver) card.driver = options.driver;
    if (options.pollInterval !== undefined) card.pollInterval = options.pollInterval;
    return html`<div part="escrow" class="offer-card">${card}</div>`;
  }
}

function asText(text: string, warning: string): TemplateResult {
  return html`<span part="text" class="text offer-text">${text}</span>
    <p part="offer-warning" class="offer-warning" role="note">${warning}</p>`;
}

const escrowOffer = directive(EscrowOfferDirective);

/**
 * The content of a message row when its text carries an escrow offer: the card, its placeholder, or the text
 * with a warning. Use it in place of the text span; other messages get `undefined`.
 *
 * @param host - the list (cards are kept per list).
 * @param m - the message.
 * @param locale - the list's locale.
 * @param options - where the chunk comes from and the cards' driver.
 * @returns the content, or undefined when the message carries no offer (or was deleted).
 * @example
 * ${renderOfferContent(this, m, this.locale, this.escrow) ?? html`<span part="text">${m.text}</span>`}
 */
export function renderOfferContent(
  host: object,
  m: ChatItem,
  locale: string,
  options: EscrowListOptions,
): ReturnType<typeof escrowOffer> | undefined {
  if (m.deleted || !isEscrowOfferText(m.text)) return undefined;
  return escrowOffer(host, m, locale, options);
}
