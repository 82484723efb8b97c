import { formatUnits, ZeroAddress } from 'ethers';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { escrowCardModel, shortAddress } from '../../escrow/card-model.js';
import {
  decodeEscrowOffer,
  type EscrowOfferPayload,
  escrowOfferFromText,
  isEscrowOfferText,
} from '../../escrow/escrow-offer.js';
import { EthersEscrowDriver } from '../../escrow/ethers-escrow-driver.js';
import { DEFAULT_POLL_INTERVAL_MS, MIN_POLL_INTERVAL_MS } from '../../escrow/limits.js';
import type { EscrowAction, EscrowDriver, EscrowPhase, EscrowSnapshot } from '../../escrow/types.js';
import { type EscrowStrings, escrowStringsFor } from '../../translations/escrow.js';
import { escrowCardStyles } from './escrow.styles.js';
import { CryptalkEscrowChangeEvent } from './escrow-change-event.js';

/** A failure shown on the card, by the escrow client's stable code. */
interface Problem {
  code: string;
  /** The reverted custom error's name, for `ESCROW_CONTRACT_REVERT`. */
  revert?: string;
}

const FINAL: readonly EscrowPhase[] = ['released', 'refunded', 'resolved', 'expired', 'unavailable'];
const SECONDARY: readonly EscrowAction[] = ['dispute', 'refund'];

/**
 * An escrow offer in the chat: the item, price, seller and buyer, the state (offered → funded → shipped →
 * released / refunded / disputed / expired) with its deadline, and the buttons the viewer's role allows —
 * buyer: accept and pay, release, dispute; seller: mark shipped, refund; timed exits once due; withdraw at the
 * end. Connects an EIP-1193 wallet (`window.ethereum`, or the `driver` you set), shows the pending
 * transaction and its hash, and explains wrong-network, declined and insufficient-funds errors. Set
 * `card.offer` (an {@link EscrowOfferPayload}) or the `offer-text` attribute (the message text form).
 * Lives in the lazily loaded escrow chunk (`cryptalk-escrow.js`).
 *
 * @summary An escrow offer with its live state and the viewer's actions.
 * @fires cryptalk-escrow-change - the phase changed (`event.phase`, `event.escrowId`).
 * @csspart card - the card's box.
 * @csspart header - the item and the state.
 * @csspart item - the item description.
 * @csspart state - the state badge.
 * @csspart details - the price, parties and deadline.
 * @csspart amount - the price.
 * @csspart deadline - the current deadline.
 * @csspart wallet - the connect button or the connected account.
 * @csspart connect - the connect-wallet button.
 * @csspart actions - the action buttons' row.
 * @csspart action - each action button.
 * @csspart status - the pending or last transaction (a polite live region).
 * @csspart tx - the transaction hash or its explorer link.
 * @csspart error - an error the user can act on (an alert).
 * @cssproperty [--cryptalk-escrow-card-background=var(--ct-color-surface-raised)] - the card's background.
 * @cssproperty [--cryptalk-escrow-card-border=var(--ct-color-border)] - the card's border colour.
 */
export class CryptalkEscrowCard extends LitElement {
  static override styles = escrowCardStyles;

  static override properties = {
    offer: { attribute: false },
    offerText: { type: String, attribute: 'offer-text' },
    driver: { attribute: false },
    locale: { type: String },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    explorer: { type: String },
    account: { state: true },
    snapshot: { state: true },
    pending: { state: true },
    problem: { state: true },
    lastTx: { state: true },
    invalid: { state: true },
  };

  /** The offer to show (set it from a message's attachment). */
  offer: EscrowOfferPayload | undefined;
  /** The offer as message text or JSON; decoded and verified into {@link CryptalkEscrowCard.offer}. */
  offerText = '';
  /** The chain and wallet; @default an {@link EthersEscrowDriver} over `window.ethereum` */
  driver: EscrowDriver | undefined;
  /** The locale ('' = the browser's). */
  locale = '';
  /** How often to re-read the chain, in ms. */
  pollInterval = DEFAULT_POLL_INTERVAL_MS;
  /** A block explorer's transaction URL prefix (e.g. `https://etherscan.io/tx/`); '' shows the bare hash. */
  explorer = '';

  /** The connected account, once the user connected. */
  account: string | undefined;
  /** The last reading of the chain. */
  snapshot: EscrowSnapshot | undefined;
  private pending: EscrowAction | 'connect' | undefined;
  private problem: Problem | undefined;
  private lastTx: { action: EscrowAction; hash?: string } | undefined;
  private invalid = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reading: Promise<void> | undefined;
  private lastPhase: EscrowPhase | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.schedule(0);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('offerText') && this.offerText) {
      try {
        this.offer = isEscrowOfferText(this.offerText)
          ? escrowOfferFromText(this.offerText)
          : decodeEscrowOffer(this.offerText);
        this.invalid = false;
      } catch {
        this.offer = undefined;
        this.invalid = true;
      }
    }
    if (changed.has('offer') && changed.get('offer') !== undefined) {
      this.snapshot = undefined;
      this.lastTx = undefined;
      this.problem = undefined;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('offer') || changed.has('driver')) && this.offer) this.schedule(0);
    const model =
      this.offer && this.snapshot ? escrowCardModel(this.offer, this.snapshot, this.account) : undefined;
    if (model && model.phase !== this.lastPhase) {
      this.lastPhase = model.phase;
      this.dispatchEvent(new CryptalkEscrowChangeEvent(model.phase, this.snapshot?.escrow?.id ?? ''));
    }
  }

  /**
   * Reads the chain now (the card also polls every `poll-interval` ms).
   * @returns when the reading is shown.
   */
  refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /**
   * Asks the wallet for an account.
   * @returns when connected (or the error is shown).
   */
  async connectWallet(): Promise<void> {
    const { offer } = this;
    const driver = this.resolveDriver();
    if (!offer) return;
    if (!driver) {
      this.problem = { code: 'ESCROW_NO_PROVIDER' };
      return;
    }
    this.pending = 'connect';
    this.problem = undefined;
    try {
      this.account = await driver.connect(offer);
      await this.refresh();
    } catch (e) {
      this.problem = toProblem(e);
    } finally {
      this.pending = undefined;
    }
  }

  /**
   * Performs one of the viewer's actions with the connected wallet.
   * @param action - the action (it must be allowed in the current state).
   * @returns when mined and re-read (or the error is shown).
   */
  async perform(action: EscrowAction): Promise<void> {
    const { offer, snapshot } = this;
    const driver = this.resolveDriver();
    if (!offer || !snapshot || !driver || this.pending) return;
    this.pending = action;
    this.problem = undefined;
    this.lastTx = undefined;
    try {
      this.account ??= await driver.connect(offer);
      const result = await driver.act(action, offer, snapshot);
      this.lastTx = { action, ...(result.hash ? { hash: result.hash } : {}) };
    } catch (e) {
      this.problem = toProblem(e);
    } finally {
      this.pending = undefined;
    }
    await this.refresh();
  }

  private async switchChain(): Promise<void> {
    const driver = this.resolveDriver();
    if (!this.offer || !driver?.switchChain) return;
    try {
      await driver.switchChain(this.offer.chainId);
      this.problem = undefined;
      await this.refresh();
    } catch (e) {
      this.problem = toProblem(e);
    }
  }

  private resolveDriver(): EscrowDriver | undefined {
    if (this.driver) return this.driver;
    const eth = (globalThis as { ethereum?: ConstructorParameters<typeof EthersEscrowDriver>[0] }).ethereum;
    if (eth && typeof eth.request === 'function') this.driver = new EthersEscrowDriver(eth);
    return this.driver;
  }

  private async read(): Promise<void> {
    const { offer } = this;
    const driver = this.resolveDriver();
    if (!offer || !driver) return;
    try {
      const snapshot = await driver.read(offer);
      if (offer !== this.offer) return;
      this.snapshot = snapshot;
      if (this.problem?.code === 'ESCROW_WRONG_CHAIN') this.problem = undefined;
    } catch (e) {
      // A failed poll keeps the last reading; the wrong network is worth saying at once.
      const p = toProblem(e);
      if (p.code === 'ESCROW_WRONG_CHAIN') this.problem = p;
      else if (!this.snapshot) this.problem ??= p;
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    if (!this.isConnected) return;
    this.timer = setTimeout(async () => {
      await this.refresh();
      this.schedule(Math.max(MIN_POLL_INTERVAL_MS, this.pollInterval));
    }, delay);
  }

  override render() {
    const s = escrowStringsFor(this.locale);
    if (!this.offer) {
      return html`<div part="card" class="card" role="group" aria-label=${s.card(s.unnamedItem)} dir=${s.$dir}>
        <p part="error" class="error" role="alert">${this.invalid ? s.errorInvalidOffer : ''}</p>
      </div>`;
    }
    const offer = this.offer;
    const model = escrowCardModel(offer, this.snapshot, this.account);
    const item = offer.description || s.unnamedItem;
    const { order } = offer.order;
    const final = FINAL.includes(model.phase);
    return html`
      <div part="card" class="card" role="group" aria-label=${s.card(item)} dir=${s.$dir} lang=${s.$code}>
        <div part="header" class="header">
          <span part="item" class="item">${item}</span>
          <span part="state" class="state ${final ? 'final' : ''}" data-phase=${model.phase}>${s.phase[model.phase]}</span>
        </div>
        <dl part="details">
          <dt>${s.amount}</dt>
          <dd part="amount" class="amount">${this.amount(order.price, order.token)}</dd>
          <dt>${s.seller}</dt>
          <dd>${this.party(model.seller, s)}</dd>
          <dt>${s.buyer}</dt>
          <dd>${this.party(model.buyer, s)}</dd>
          ${
            model.deadline
              ? html`<dt>${s.deadline[model.deadline.kind]}</dt>
                <dd part="deadline" class=${model.deadline.passed ? 'passed' : ''}>
                  <time datetime=${new Date(model.deadline.at * 1000).toISOString()}>${this.date(model.deadline.at, s)}</time>${
                    model.deadline.passed ? ` (${s.deadlinePassed})` : ''
                  }
                </dd>`
              : nothing
          }
        </dl>
        ${this.renderWallet(s)}
        ${
          model.actions.length
            ? html`<div part="actions" class="actions" role="group" aria-label=${s.status}>
              ${model.actions.map(
                (a) => html`<button
                  part="action"
                  class=${SECONDARY.includes(a) ? 'secondary' : ''}
                  data-action=${a}
                  ?disabled=${!!this.pending}
                  aria-busy=${this.pending === a ? 'true' : 'false'}
                  @click=${() => this.perform(a)}
                >${this.label(a, s)}</button>`,
              )}
            </div>`
            : nothing
        }
        <p part="status" class="status" role="status" aria-live="polite">${this.renderStatus(s)}</p>
        <p part="error" class="error" role="alert">${this.renderProblem(s)}</p>
      </div>
    `;
  }

  private renderWallet(s: EscrowStrings) {
    if (this.account) {
      return html`<p part="wallet" class="wallet">${s.connectedAs('')}<span class="address" title=${this.account}>${shortAddress(this.account)}</span></p>`;
    }
    return html`<div part="wallet" class="wallet">
      <button part="connect" class="connect" ?disabled=${!!this.pending} @click=${() => this.connectWallet()}>${s.connect}</button>
    </div>`;
  }

  private renderStatus(s: EscrowStrings) {
    if (this.pending && this.pending !== 'connect') return s.pending(this.label(this.pending, s));
    const tx = this.lastTx;
    if (!tx) return '';
    const hash = tx.hash;
    return html`${s.done(this.label(tx.action, s))}
      ${
        hash
          ? this.explorer
            ? html`<a part="tx" href=${`${this.explorer}${hash}`} target="_blank" rel="noopener noreferrer">${s.transaction} <span class="address">${shortAddress(hash)}</span></a>`
            : html`<span>${s.transaction}</span> <span part="tx" class="address" title=${hash}>${shortAddress(hash)}</span>`
          : nothing
      }`;
  }

  private renderProblem(s: EscrowStrings) {
    const p = this.problem;
    if (!p || !this.offer) return '';
    switch (p.code) {
      case 'ESCROW_WRONG_CHAIN':
        return html`${s.errorWrongChain(this.offer.chainId)}
          ${
            this.resolveDriver()?.switchChain
              ? html`<button class="switch" @click=${() => this.switchChain()}>${s.switchChain}</button>`
              : nothing
          }`;
      case 'ESCROW_SIGNATURE_REJECTED':
        return s.errorRejected;
      case 'ESCROW_INSUFFICIENT_FUNDS':
        return s.errorInsufficientFunds;
      case 'ESCROW_NO_PROVIDER':
        return s.errorNoWallet;
      case 'ESCROW_CONTRACT_REVERT':
        return s.errorReverted(p.revert ?? '?');
      default:
        return s.errorFailed;
    }
  }

  private label(a: EscrowAction, s: EscrowStrings): string {
    return a === 'accept' && this.offer?.order.kind === 'offer' ? s.acceptOffer : s.action[a];
  }

  private party(address: string | undefined, s: EscrowStrings) {
    if (!address) return s.anyone;
    const you = this.account && address.toLowerCase() === this.account.toLowerCase();
    return html`<span class="address" title=${address}>${shortAddress(address)}</span>${you ? ` (${s.you})` : ''}`;
  }

  private amount(value: bigint, token: string): string {
    const asset =
      this.snapshot?.asset ?? (token === ZeroAddress ? { symbol: 'ETH', decimals: 18 } : undefined);
    if (!asset) return `${value} × ${shortAddress(token)}`;
    const n = formatUnits(value, asset.decimals).replace(/\.0$/, '');
    return `${n} ${asset.symbol}`;
  }

  private date(seconds: number, s: EscrowStrings): string {
    return new Intl.DateTimeFormat(s.$code, { dateStyle: 'medium', timeStyle: 'short' }).format(
      seconds * 1000,
    );
  }
}

function toProblem(e: unknown): Problem {
  const o = (e && typeof e === 'object' ? e : {}) as { code?: unknown; revert?: { name?: unknown } };
  const code = typeof o.code === 'string' ? o.code : 'ESCROW_TRANSACTION_FAILED';
  const revert = typeof o.revert?.name === 'string' ? o.revert.name : undefined;
  return revert ? { code, revert } : { code };
}
