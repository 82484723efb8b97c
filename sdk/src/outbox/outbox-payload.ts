/**
 * The payload of a queued outbox record: the routing data the relay needs (the epoch, an expiry), optionally
 * the sender's own local copy of the message, then the sealed room payload. Three forms are read; the first
 * two are still written when there is no local copy:
 *
 * ```
 * form 0 (first byte 0x00):  u64 epoch ‖ body                      (epochs stay below 2^53: the first byte is 0)
 * form 1 (first byte 0x01):  0x01 ‖ u64 epoch ‖ u64 expiresAt ‖ body                       (expiresAt 0: none)
 * form 2 (first byte 0x02):  0x02 ‖ u64 epoch ‖ u64 expiresAt ‖ u32 n ‖ local (n bytes) ‖ body
 * ```
 *
 * `local` (form 2) is the sender's own stored record of the message, in the room's encoding (opaque here): the
 * sent message is written to the message history only once, with its relay offset, in the transaction that
 * removes it from the outbox when the relay acks it, instead of once at send and again at the ack. Until then
 * the outbox record (sealed at rest like every record) holds it. All numbers are big-endian.
 *
 * @module
 */
import { OutboxError } from './errors.js';

/** First byte of form 1 (with an expiry). */
const FORM_EXPIRY = 0x01;
/** First byte of form 2 (with an expiry field and the local record). */
const FORM_LOCAL = 0x02;
/** Bytes of the form 0 prefix. */
const FORM0_PREFIX = 8;
/** Bytes of the form 1 prefix. */
const FORM1_PREFIX = 17;
/** Bytes of the form 2 prefix before the local record. */
const FORM2_PREFIX = 21;

/** The parts of an outbox payload. */
export interface OutboxPayload {
  /** The room epoch the message is published under. */
  readonly epoch: number;
  /** When a disappearing message disappears, ms since the epoch. */
  readonly expiresAt?: number;
  /** The sender's own record of the message, as the room encoded it. */
  readonly local?: Uint8Array;
  /** The sealed room payload (what the relay stores as `ct`). */
  readonly body: Uint8Array;
}

function checkU53(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a safe integer ≥ 0`);
  return n;
}

/**
 * Encodes an outbox payload: form 2 with a local record, else form 1 with an expiry, else form 0.
 *
 * @param p - the parts.
 * @returns the payload bytes.
 * @throws RangeError for a negative or unsafe epoch or expiry.
 */
export function encodeOutboxPayload(p: OutboxPayload): Uint8Array {
  const epoch = checkU53(p.epoch, 'epoch');
  const expiresAt =
    p.expiresAt === undefined ? 0 : checkU53(Math.max(0, Math.floor(p.expiresAt)), 'expiresAt');
  const local = p.local;
  const head = local ? FORM2_PREFIX + local.length : p.expiresAt === undefined ? FORM0_PREFIX : FORM1_PREFIX;
  const out = new Uint8Array(head + p.body.length);
  const view = new DataView(out.buffer);
  if (head === FORM0_PREFIX) {
    view.setBigUint64(0, BigInt(epoch));
  } else {
    out[0] = local ? FORM_LOCAL : FORM_EXPIRY;
    view.setBigUint64(1, BigInt(epoch));
    view.setBigUint64(9, BigInt(expiresAt));
    if (local) {
      view.setUint32(17, local.length);
      out.set(local, FORM2_PREFIX);
    }
  }
  out.set(p.body, head);
  return out;
}

/**
 * Decodes an outbox payload of any form (the parts are views into `payload`, not copies).
 *
 * @param payload - a stored outbox payload.
 * @returns its parts.
 * @throws OutboxError `OUTBOX_INVALID` when it is shorter than its prefix says, or of a form this build does not
 *   know.
 */
export function decodeOutboxPayload(payload: Uint8Array): OutboxPayload {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const form = payload[0];
  if (form === FORM_EXPIRY || form === FORM_LOCAL) {
    if (payload.length < (form === FORM_LOCAL ? FORM2_PREFIX : FORM1_PREFIX))
      throw OutboxError.invalid('payload');
    const epoch = Number(view.getBigUint64(1));
    const expiresAt = Number(view.getBigUint64(9));
    let head = FORM1_PREFIX;
    let local: Uint8Array | undefined;
    if (form === FORM_LOCAL) {
      const n = view.getUint32(17);
      head = FORM2_PREFIX + n;
      if (payload.length < head) throw OutboxError.invalid('payload');
      local = payload.subarray(FORM2_PREFIX, head);
    }
    return {
      epoch,
      ...(expiresAt > 0 ? { expiresAt } : {}),
      ...(local ? { local } : {}),
      body: payload.subarray(head),
    };
  }
  // form 0 starts with its u64 epoch, whose first byte is 0 for any epoch below 2^56: any other first byte is a
  // form this build does not know (a later build's), not a form 0 to be read and sent wrong
  if (form !== 0x00) throw OutboxError.invalid('payload form');
  if (payload.length < FORM0_PREFIX) throw OutboxError.invalid('payload');
  return { epoch: Number(view.getBigUint64(0)), body: payload.subarray(FORM0_PREFIX) };
}
