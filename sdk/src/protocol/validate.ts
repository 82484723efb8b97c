import { BASE64URL_RE } from './base64url.js';
import { ProtocolError } from './errors.js';
import { MAX_REQUEST_ID_LENGTH, MSG_ID_LENGTH, ROOM_ID_MAX_LENGTH, ROOM_ID_MIN_LENGTH } from './limits.js';

/** A decoded JSON object whose fields are still unchecked. */
export type Fields = Record<string, unknown>;

/**
 * Reads a required string field that must be base64url within a length range.
 * @throws ProtocolError naming the field and the limit.
 */
export function b64Field(o: Fields, field: string, min: number, max: number): string {
  const v = o[field];
  if (typeof v !== 'string') throw ProtocolError.invalidField(field, 'must be a string');
  if (v.length < min || v.length > max) {
    throw ProtocolError.invalidField(field, `must be ${min} to ${max} characters long, got ${v.length}`);
  }
  if (!BASE64URL_RE.test(v)) throw ProtocolError.invalidField(field, 'must be base64url');
  return v;
}

/** Reads a room id: opaque base64url of 22 to 86 characters. */
export function roomField(o: Fields, field = 'room'): string {
  return b64Field(o, field, ROOM_ID_MIN_LENGTH, ROOM_ID_MAX_LENGTH);
}

/** Reads a message id: 128 bits in base64url, exactly 22 characters. */
export function msgIdField(o: Fields, field = 'msgId'): string {
  return b64Field(o, field, MSG_ID_LENGTH, MSG_ID_LENGTH);
}

/**
 * Reads a required non-negative safe integer no larger than `max`.
 * @throws ProtocolError naming the field and the limit.
 */
export function uintField(o: Fields, field: string, max: number): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) {
    throw ProtocolError.invalidField(field, `must be an integer from 0 to ${max}`);
  }
  return v;
}

/** Reads an optional request id (`rid`) that a reply echoes back. */
export function ridField(o: Fields): string | undefined {
  const v = o.rid;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_REQUEST_ID_LENGTH || !BASE64URL_RE.test(v)) {
    throw ProtocolError.invalidField('rid', `must be 1 to ${MAX_REQUEST_ID_LENGTH} base64url characters`);
  }
  return v;
}

/** Reads a required string field of bounded length. */
export function stringField(o: Fields, field: string, max: number): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length > max) {
    throw ProtocolError.invalidField(field, `must be a string of at most ${max} characters`);
  }
  return v;
}

/** Returns `v` as an object, or throws when it is null, an array or a primitive. */
export function objectField(v: unknown, field: string): Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw ProtocolError.invalidField(field, 'must be an object');
  }
  return v as Fields;
}

/** Reads an optional boolean field that, when present, must be `true` (flags are omitted when false). */
export function flagField(o: Fields, field: string): true | undefined {
  const v = o[field];
  if (v === undefined) return undefined;
  if (v !== true) throw ProtocolError.invalidField(field, 'must be true or absent');
  return true;
}

/** Reads an optional boolean field. */
export function optionalBoolField(o: Fields, field: string): boolean | undefined {
  const v = o[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw ProtocolError.invalidField(field, 'must be a boolean');
  return v;
}

/**
 * Reads an optional array of base64url strings.
 * @throws ProtocolError when it is not an array, has more than `maxItems` items, or an item breaks its limits.
 */
export function b64ArrayField(
  o: Fields,
  field: string,
  maxItems: number,
  maxLength: number,
): string[] | undefined {
  const v = o[field];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > maxItems) {
    throw ProtocolError.invalidField(field, `must be an array of at most ${maxItems} items`);
  }
  return v.map((_, i) => b64Field(v as unknown as Fields, String(i), 1, maxLength));
}

/** Reads one of a fixed set of string values. */
export function enumField<T extends string>(o: Fields, field: string, values: readonly T[]): T {
  const v = o[field];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw ProtocolError.invalidField(field, `must be one of ${values.join(', ')}`);
  }
  return v as T;
}

/** Rejects fields the frame type does not define, so every frame has exactly one accepted form. */
export function onlyFields(o: Fields, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (k !== 'v' && k !== 't' && k !== 'rid' && !allowed.includes(k)) {
      throw ProtocolError.invalidField(k.length <= 16 && /^[A-Za-z.]+$/.test(k) ? k : '?', 'is not allowed');
    }
  }
}
