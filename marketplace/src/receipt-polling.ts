/**
 * Providers whose `tx.wait()` cannot miss a receipt.
 *
 * ethers v6 looks for a pending transaction's receipt once when `wait()` starts, once more when it subscribes,
 * and then once per new block its block poller announces. The poller announces only blocks above the number it
 * read when it started. A chain that mines only when it gets a transaction (anvil or Hardhat in automine mode, the
 * chains site owners try escrow on) may answer `eth_sendRawTransaction` before the transaction is mined; if the
 * block lands after both lookups but before the poller reads its starting number, that block is never announced,
 * no other block comes, and `wait()` never settles. On a live chain the next block would rescue it.
 *
 * The providers here look the receipt up on a timer as well, so a receipt that was late is found at the next
 * tick. Everything else, replacement detection included, stays ethers' own.
 */
import {
  type AbstractProvider,
  BrowserProvider,
  JsonRpcProvider,
  type Subscriber,
  type Subscription,
} from 'ethers';

/** The longest a late receipt waits to be looked up again, in ms. */
export const RECEIPT_POLL_MAX_MS = 1_000;

/**
 * Watches one transaction: asks for its receipt at once and then every `intervalMs`, and emits the transaction's
 * hash event with the receipt while anyone listens. A failed lookup is retried at the next tick.
 */
export class ReceiptPoller implements Subscriber {
  readonly #provider: AbstractProvider;
  readonly #hash: string;
  #interval: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  /** Which start the current polling loop belongs to: a loop from before a stop ends at its next step. */
  #loop = 0;

  /**
   * @param provider - the provider to ask and to emit on.
   * @param hash - the transaction's hash.
   * @param intervalMs - how often to ask; @default the provider's polling interval, at most {@link RECEIPT_POLL_MAX_MS}
   */
  constructor(provider: AbstractProvider, hash: string, intervalMs?: number) {
    this.#provider = provider;
    this.#hash = hash;
    this.#interval = intervalMs ?? Math.min(provider.pollingInterval, RECEIPT_POLL_MAX_MS);
  }

  /** How often the receipt is asked for, in ms. */
  get pollingInterval(): number {
    return this.#interval;
  }
  set pollingInterval(ms: number) {
    this.#interval = ms;
  }

  /** Starts asking (ethers calls this when the first listener for the hash is added). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#poll(++this.#loop);
  }

  /** Stops asking (ethers calls this when the last listener is removed, and on `destroy()`). */
  stop(): void {
    this.#running = false;
    this.#loop++;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Same as {@link stop}: a receipt stays available, so nothing is dropped while paused. */
  pause(): void {
    this.stop();
  }

  /** Same as {@link start}. */
  resume(): void {
    this.start();
  }

  async #poll(loop: number): Promise<void> {
    try {
      const receipt = await this.#provider.getTransactionReceipt(this.#hash);
      if (receipt && loop === this.#loop) await this.#provider.emit(this.#hash, receipt);
    } catch {
      // A failed lookup (network, rate limit) is retried at the next tick; wait() has no channel for it.
    }
    if (loop === this.#loop) this.#timer = setTimeout(() => void this.#poll(loop), this.#interval);
  }
}

/** A {@link JsonRpcProvider} whose transaction waits also poll for the receipt on a timer ({@link ReceiptPoller}). */
export class ReceiptPollingJsonRpcProvider extends JsonRpcProvider {
  /** Hands transaction subscriptions to a {@link ReceiptPoller}; every other kind to ethers. */
  override _getSubscriber(sub: Subscription): Subscriber {
    return sub.type === 'transaction' ? new ReceiptPoller(this, sub.hash) : super._getSubscriber(sub);
  }
}

/** A {@link BrowserProvider} (a wallet's EIP-1193 provider) whose transaction waits also poll on a timer. */
export class ReceiptPollingBrowserProvider extends BrowserProvider {
  /** Hands transaction subscriptions to a {@link ReceiptPoller}; every other kind to ethers. */
  override _getSubscriber(sub: Subscription): Subscriber {
    return sub.type === 'transaction' ? new ReceiptPoller(this, sub.hash) : super._getSubscriber(sub);
  }
}
