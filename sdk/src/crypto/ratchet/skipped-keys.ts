/**
 * Bounded store of skipped message keys, keyed by (header key, message number), oldest evicted first.
 *
 * @module
 */
import { toHex } from '../bytes.js';
import { RATCHET_MAX_SKIPPED_PER_SESSION } from '../limits.js';

/** One stored skipped key. */
export interface SkippedKey {
  /** Header key of the chain the message belongs to. */
  headerKey: Uint8Array;
  /** Message number. */
  n: number;
  /** The message key. */
  messageKey: Uint8Array;
}

/** Skipped message keys with a session-wide bound. */
export class SkippedKeys {
  readonly #entries = new Map<string, SkippedKey>();
  readonly #chains = new Map<string, { headerKey: Uint8Array; count: number }>();
  readonly #max: number;

  /** @param max - most keys kept; @default RATCHET_MAX_SKIPPED_PER_SESSION */
  constructor(max: number = RATCHET_MAX_SKIPPED_PER_SESSION) {
    this.#max = max;
  }

  /** Number of keys held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Distinct header keys that have at least one skipped key (for trial header decryption). */
  headerKeys(): Uint8Array[] {
    return [...this.#chains.values()].map((c) => c.headerKey);
  }

  /** Adds keys, evicting (and zeroing) the oldest beyond the bound. */
  add(keys: SkippedKey[]): void {
    for (const k of keys) {
      const hex = toHex(k.headerKey);
      this.#entries.set(`${hex}:${k.n}`, k);
      const chain = this.#chains.get(hex);
      if (chain) chain.count++;
      else this.#chains.set(hex, { headerKey: k.headerKey, count: 1 });
    }
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#delete(oldest);
    }
  }

  /** The key for (headerKey, n), if held (not removed). */
  get(headerKey: Uint8Array, n: number): Uint8Array | undefined {
    return this.#entries.get(`${toHex(headerKey)}:${n}`)?.messageKey;
  }

  /** Removes and zeroes the key for (headerKey, n). */
  remove(headerKey: Uint8Array, n: number): void {
    this.#delete(`${toHex(headerKey)}:${n}`);
  }

  /** All entries, oldest first (for serialization). */
  entries(): SkippedKey[] {
    return [...this.#entries.values()];
  }

  /** Zeroes and drops everything. */
  clear(): void {
    for (const k of [...this.#entries.keys()]) this.#delete(k);
  }

  #delete(id: string): void {
    const e = this.#entries.get(id);
    if (!e) return;
    this.#entries.delete(id);
    const hex = id.slice(0, id.indexOf(':'));
    const chain = this.#chains.get(hex);
    if (chain && --chain.count <= 0) this.#chains.delete(hex);
    e.messageKey.fill(0);
  }
}
