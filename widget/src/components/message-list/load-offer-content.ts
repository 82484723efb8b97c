/**
 * How `<cryptalk-message-list>` loads the rendering of messages that carry an escrow offer: offer-content.ts
 * with its strings, styles and the offer text helpers, a lazy chunk (`cryptalk-ui-offer-content.js` beside the
 * script-tag UI, `cryptalk-frame-offer-content.js` beside the frame) loaded when a list first renders such a
 * message. A room without offers never downloads it.
 *
 * @module
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ChatItem } from '../../backend/index.js';
import { CHUNK_RETRY_MS } from '../../escrow/limits.js';
import { adoptMoreStyles } from '../../internal/adopt-more-styles.js';
import type { EscrowListOptions } from './offer-content.js';

/** The offer rendering's module: `renderOfferContent` and the styles of its rows. */
export type OfferContentChunk = typeof import('./offer-content.js');

/** Loads the offer rendering's module; a rejection shows offers as text until a later render tries again. */
export type OfferContentLoader = () => Promise<OfferContentChunk>;

/**
 * The default {@link OfferContentLoader}: a dynamic import that bundlers split into its own chunk.
 * @returns the module.
 */
export const loadOfferContentOnDemand: OfferContentLoader = () => import('./offer-content.js');

/** The module as last loaded, with the loader that loaded it: lists made later render offers with it at once. */
let loadedChunk: { readonly loader: OfferContentLoader; readonly chunk: OfferContentChunk } | undefined;

/** The offer rendering as one list sees it. */
type OfferState =
  | { readonly kind: 'unloaded' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly chunk: OfferContentChunk }
  | { readonly kind: 'failed'; readonly at: number };

/** What the offer rendering needs of the list. */
export interface OfferContentHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * The offer rows of one list: rendered by the chunk once it is loaded; until then a plain placeholder of the
 * same height as the offer's own (`.offer-placeholder`, styled by the list), busy for assistive technology;
 * as text, like any message, when the chunk could not be loaded (a render {@link CHUNK_RETRY_MS} later tries
 * again).
 */
export class OfferContent {
  #state: OfferState = { kind: 'unloaded' };

  /**
   * @param host - the list.
   * @param loader - the loader to use (read at each load, so a replaced one applies to the next load).
   */
  constructor(
    private readonly host: OfferContentHost,
    private readonly loader: () => OfferContentLoader,
  ) {}

  /** A value that changes whenever what offer rows show may change (for the rows' `guard`). */
  get version(): object {
    return this.#state;
  }

  /**
   * The content of a row whose message carries an offer.
   * @param m - the message.
   * @param locale - the list's locale.
   * @param options - where the escrow chunk comes from and the cards' driver.
   * @param text - the row's content as a plain message (shown when the offer rendering could not be loaded).
   */
  render(m: ChatItem, locale: string, options: EscrowListOptions, text: () => TemplateResult): unknown {
    const state = this.#need();
    if (state.kind === 'ready')
      return state.chunk.renderOfferContent(this.host, m, locale, options) ?? text();
    if (state.kind === 'failed') return text();
    return html`<div part="escrow-placeholder" class="offer-placeholder" aria-busy="true"></div>`;
  }

  /** The state, loading the module when it is not there (again, {@link CHUNK_RETRY_MS} after a failure). */
  #need(): OfferState {
    const state = this.#state;
    if (state.kind !== 'unloaded' && (state.kind !== 'failed' || Date.now() - state.at <= CHUNK_RETRY_MS))
      return state;
    const loader = this.loader();
    if (loadedChunk?.loader === loader) return this.#ready(loadedChunk.chunk);
    // A loader that throws (rather than rejects) fails the same way.
    void new Promise<OfferContentChunk>((resolve) => resolve(loader())).then(
      (chunk) => {
        loadedChunk = { loader, chunk };
        this.#ready(chunk);
        this.host.requestUpdate();
      },
      () => {
        this.#state = { kind: 'failed', at: Date.now() };
        this.host.requestUpdate();
      },
    );
    this.#state = { kind: 'loading' };
    return this.#state;
  }

  /** The module is there: the list adopts the offer rows' styles, and renders them with it from now on. */
  #ready(chunk: OfferContentChunk): OfferState {
    adoptMoreStyles(this.host.renderRoot, chunk.offerContentStyles);
    this.#state = { kind: 'ready', chunk };
    return this.#state;
  }
}
