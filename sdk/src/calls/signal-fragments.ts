import { randomBytes } from '@noble/hashes/utils.js';
import { CallError } from './errors.js';
import {
  FRAGMENT_TIMEOUT_MS,
  MAX_PENDING_FRAGMENTED,
  MAX_SIGNAL_CHARS,
  MAX_SIGNAL_FRAGMENTS,
  SIGNAL_FRAGMENT_BYTES,
} from './limits.js';

/** Version of the call signal fragment format. */
export const SIGNAL_FRAGMENT_VERSION = 0x01;

/** Bytes of a fragment's header. */
const HEADER_BYTES = 1 + 8 + 1 + 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a call signal's text into fragments that each fit one ephemeral relay signal. Each fragment is the
 * plaintext of one end-to-end-encrypted room signal (content type `CALL`):
 *
 * ```text
 * fragment = 0x01 || id (8 random bytes, the same in every fragment of a signal) || index (u8) || count (u8)
 *            || UTF-8 bytes [index·SIGNAL_FRAGMENT_BYTES, …) of the signal text
 * ```
 * A signal that fits in one fragment has `count = 1`. Fragments are never queued or resent: a lost one loses
 * the signal, which perfect negotiation and ICE tolerate as they tolerate any lost signal.
 * @param text - the encoded signal ({@link encodeCallSignal}).
 * @returns one to {@link MAX_SIGNAL_FRAGMENTS} fragments.
 * @throws CallError `CALL_SIGNAL_MALFORMED` for a text over {@link MAX_SIGNAL_CHARS}.
 */
export function fragmentSignal(text: string): Uint8Array[] {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_SIGNAL_CHARS) {
    throw CallError.malformed('size');
  }
  const bytes = encoder.encode(text);
  const count = Math.ceil(bytes.length / SIGNAL_FRAGMENT_BYTES);
  if (count > MAX_SIGNAL_FRAGMENTS) throw CallError.malformed('size');
  const id = randomBytes(8);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = bytes.subarray(i * SIGNAL_FRAGMENT_BYTES, (i + 1) * SIGNAL_FRAGMENT_BYTES);
    const f = new Uint8Array(HEADER_BYTES + chunk.length);
    f[0] = SIGNAL_FRAGMENT_VERSION;
    f.set(id, 1);
    f[9] = i;
    f[10] = count;
    f.set(chunk, HEADER_BYTES);
    out.push(f);
  }
  return out;
}

/** One fragment, decoded. */
export interface SignalFragment {
  /** The signal's fragment id (hex). */
  id: string;
  /** This fragment's index. */
  index: number;
  /** How many fragments the signal has. */
  count: number;
  /** This fragment's bytes of the signal text. */
  chunk: Uint8Array;
}

/**
 * Decodes one fragment strictly.
 * @throws CallError `CALL_SIGNAL_MALFORMED` for a wrong version, index, count or size.
 */
export function decodeSignalFragment(bytes: Uint8Array): SignalFragment {
  if (!(bytes instanceof Uint8Array) || bytes.length <= HEADER_BYTES) throw CallError.malformed('fragment');
  if (bytes[0] !== SIGNAL_FRAGMENT_VERSION) throw CallError.malformed('fragment version');
  const index = bytes[9] as number;
  const count = bytes[10] as number;
  if (count < 1 || count > MAX_SIGNAL_FRAGMENTS || index >= count)
    throw CallError.malformed('fragment index');
  const chunk = bytes.subarray(HEADER_BYTES);
  if (chunk.length > SIGNAL_FRAGMENT_BYTES || (index < count - 1 && chunk.length !== SIGNAL_FRAGMENT_BYTES)) {
    throw CallError.malformed('fragment size');
  }
  let id = '';
  for (const b of bytes.subarray(1, 9)) id += b.toString(16).padStart(2, '0');
  return { id, index, count, chunk };
}

interface PendingSignal {
  count: number;
  chunks: (Uint8Array | undefined)[];
  have: number;
  at: number;
}

/**
 * Puts fragmented signals back together, per sender. Bounded: at most {@link MAX_PENDING_FRAGMENTED}
 * signals in progress (the oldest is dropped), each forgotten after {@link FRAGMENT_TIMEOUT_MS}.
 */
export class SignalReassembler {
  private readonly pending = new Map<string, PendingSignal>();

  /** @param now - the clock, ms. */
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Adds a fragment from an authenticated sender.
   * @returns the whole signal text once its last fragment arrived, else `undefined`.
   * @throws CallError `CALL_SIGNAL_MALFORMED` for a malformed fragment, one that disagrees with the others of
   *   its signal, or text that is not UTF-8.
   */
  push(from: string, bytes: Uint8Array): string | undefined {
    const f = decodeSignalFragment(bytes);
    if (f.count === 1) return this.text([f.chunk]);
    const t = this.now();
    for (const [k, p] of this.pending) if (t - p.at > FRAGMENT_TIMEOUT_MS) this.pending.delete(k);
    const key = `${from}\u0000${f.id}`;
    let p = this.pending.get(key);
    if (!p) {
      if (this.pending.size >= MAX_PENDING_FRAGMENTED) {
        const oldest = this.pending.keys().next().value;
        if (oldest !== undefined) this.pending.delete(oldest);
      }
      p = { count: f.count, chunks: new Array(f.count).fill(undefined), have: 0, at: t };
      this.pending.set(key, p);
    }
    if (p.count !== f.count) {
      this.pending.delete(key);
      throw CallError.malformed('fragment count');
    }
    if (p.chunks[f.index] === undefined) {
      p.chunks[f.index] = f.chunk.slice();
      p.have += 1;
    }
    if (p.have < p.count) return undefined;
    this.pending.delete(key);
    return this.text(p.chunks as Uint8Array[]);
  }

  /** Signals in progress (for tests and bounds). */
  get size(): number {
    return this.pending.size;
  }

  private text(chunks: Uint8Array[]): string {
    let total = 0;
    for (const c of chunks) total += c.length;
    const all = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    try {
      return decoder.decode(all);
    } catch {
      throw CallError.malformed('fragment text');
    }
  }
}
