/**
 * Ephemeral signals (typing, call signalling): fanned out to the room's other members, never stored, dropped
 * when older than the relay's staleness limit or when a receiver is backed up.
 *
 * ```text
 * C→R {v:1, t:"signal", room, data}          data: ciphertext, base64url, ≤ 8 KiB decoded
 * R→C {v:1, t:"signal", room, data, age}     age: ms the signal spent in the relay
 * ```
 * @module
 */
import { MAX_SIGNAL_BYTES } from '../limits.js';
import { b64Field, type Fields, onlyFields, roomField, uintField } from '../validate.js';
import type { FrameBase } from './base.js';

/** Longest base64url text of a signal payload. */
export const MAX_SIGNAL_B64_LENGTH = Math.ceil((MAX_SIGNAL_BYTES * 4) / 3);

/** Client → relay: an ephemeral signal for the room's other members. */
export interface SignalFrame extends FrameBase {
  t: 'signal';
  room: string;
  data: string;
}

/** Relay → client: an ephemeral signal from another member. */
export interface SignalDeliveryFrame extends FrameBase {
  t: 'signal';
  room: string;
  data: string;
  /** Milliseconds the signal spent in the relay. */
  age: number;
}

/** Decodes the body of a client `signal`. */
export function decodeSignal(o: Fields, base: FrameBase): SignalFrame {
  onlyFields(o, ['room', 'data']);
  return { ...base, t: 'signal', room: roomField(o), data: b64Field(o, 'data', 1, MAX_SIGNAL_B64_LENGTH) };
}

/** Decodes the body of a relay `signal`. */
export function decodeSignalDelivery(o: Fields, base: FrameBase): SignalDeliveryFrame {
  onlyFields(o, ['room', 'data', 'age']);
  return {
    ...base,
    t: 'signal',
    room: roomField(o),
    data: b64Field(o, 'data', 1, MAX_SIGNAL_B64_LENGTH),
    age: uintField(o, 'age', 24 * 3600 * 1000),
  };
}
