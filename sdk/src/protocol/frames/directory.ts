/**
 * Directory frames: prekey bundles with one-time prekeys (PQXDH) and MLS key packages, stored under the
 * owner's pseudonymous key. A one-time prekey and a key package are each handed out once.
 *
 * ```text
 * C→R {v:1, t:"keys.put", proof, bundle?, otks?:[…], kps?:[…], rid?}   owner = proof.key
 * R→C {v:1, t:"keys.stored", otks, kps, rid?}                         how many of each the directory now holds
 * C→R {v:1, t:"keys.get", owner, kind:"prekey"|"kp", rid?}
 * R→C {v:1, t:"keys", owner, kind, bundle?, otk?, kp?, rid?}
 * ```
 * @module
 */
import { KEY_B64_LENGTH, MAX_KEY_ITEM_BYTES, MAX_KEY_ITEMS_PER_PUT } from '../limits.js';
import { b64ArrayField, b64Field, enumField, type Fields, onlyFields, uintField } from '../validate.js';
import { type FrameBase, type Proof, proofField } from './base.js';

/** Longest base64url text of one directory item. */
export const MAX_KEY_ITEM_B64_LENGTH = Math.ceil((MAX_KEY_ITEM_BYTES * 4) / 3);

/** What a `keys.get` asks for. */
export type KeyKind = 'prekey' | 'kp';
const KINDS: readonly KeyKind[] = ['prekey', 'kp'];

/** Client → relay: publish keys under the proven key. */
export interface KeysPutFrame extends FrameBase {
  t: 'keys.put';
  proof: Proof;
  bundle?: string;
  otks?: string[];
  kps?: string[];
}

/** Relay → client: the keys were stored; counts the directory now holds for the owner. */
export interface KeysStoredFrame extends FrameBase {
  t: 'keys.stored';
  otks: number;
  kps: number;
}

/** Client → relay: fetch an owner's prekey bundle (with one one-time prekey) or one key package. */
export interface KeysGetFrame extends FrameBase {
  t: 'keys.get';
  owner: string;
  kind: KeyKind;
}

/** Relay → client: the keys found. A missing `otk` means the one-time prekeys ran out. */
export interface KeysFrame extends FrameBase {
  t: 'keys';
  owner: string;
  kind: KeyKind;
  bundle?: string;
  otk?: string;
  kp?: string;
}

/** Decodes the body of a `keys.put` frame. */
export function decodeKeysPut(o: Fields, base: FrameBase): KeysPutFrame {
  onlyFields(o, ['proof', 'bundle', 'otks', 'kps']);
  const frame: KeysPutFrame = { ...base, t: 'keys.put', proof: proofField(o) };
  if (o.bundle !== undefined) frame.bundle = b64Field(o, 'bundle', 1, MAX_KEY_ITEM_B64_LENGTH);
  const otks = b64ArrayField(o, 'otks', MAX_KEY_ITEMS_PER_PUT, MAX_KEY_ITEM_B64_LENGTH);
  if (otks) frame.otks = otks;
  const kps = b64ArrayField(o, 'kps', MAX_KEY_ITEMS_PER_PUT, MAX_KEY_ITEM_B64_LENGTH);
  if (kps) frame.kps = kps;
  return frame;
}

/** Decodes the body of a `keys.stored` frame. */
export function decodeKeysStored(o: Fields, base: FrameBase): KeysStoredFrame {
  onlyFields(o, ['otks', 'kps']);
  return { ...base, t: 'keys.stored', otks: uintField(o, 'otks', 1e9), kps: uintField(o, 'kps', 1e9) };
}

/** Decodes the body of a `keys.get` frame. */
export function decodeKeysGet(o: Fields, base: FrameBase): KeysGetFrame {
  onlyFields(o, ['owner', 'kind']);
  return {
    ...base,
    t: 'keys.get',
    owner: b64Field(o, 'owner', KEY_B64_LENGTH, KEY_B64_LENGTH),
    kind: enumField(o, 'kind', KINDS),
  };
}

/** Decodes the body of a `keys` frame. */
export function decodeKeys(o: Fields, base: FrameBase): KeysFrame {
  onlyFields(o, ['owner', 'kind', 'bundle', 'otk', 'kp']);
  const frame: KeysFrame = {
    ...base,
    t: 'keys',
    owner: b64Field(o, 'owner', KEY_B64_LENGTH, KEY_B64_LENGTH),
    kind: enumField(o, 'kind', KINDS),
  };
  for (const f of ['bundle', 'otk', 'kp'] as const) {
    if (o[f] !== undefined) frame[f] = b64Field(o, f, 1, MAX_KEY_ITEM_B64_LENGTH);
  }
  return frame;
}
