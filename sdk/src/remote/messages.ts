/**
 * The remote message schema, version 1. Every message is a plain object with exactly these keys:
 *
 * ```
 * call   { $ct: "cryptalk-remote", v: 1, k: "call",  id, cmd, args }    id: integer 1..2^31-1, cmd: name, args: PlainData[] (≤ 16)
 * ok     { $ct: "cryptalk-remote", v: 1, k: "ok",    id, value }        value: PlainData
 * err    { $ct: "cryptalk-remote", v: 1, k: "err",   id, error }        error: { code, name, message } strings
 * event  { $ct: "cryptalk-remote", v: 1, k: "event", name, payload }    name: event name, payload: PlainData
 * ```
 *
 * Names match `/^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/`. {@link decodeRemoteMessage} is the only way a received value
 * becomes a message; it throws only {@link RemoteError} `REMOTE_MALFORMED`.
 *
 * @module
 */
import { RemoteError } from './errors.js';
import {
  REMOTE_MAX_ARGS,
  REMOTE_MAX_ERROR_MESSAGE,
  REMOTE_MAX_ID,
  REMOTE_MAX_NAME_LENGTH,
} from './limits.js';
import { assertPlainData, type PlainData } from './plain-data.js';

/** The marker every remote message carries (tells them apart from other `postMessage` traffic). */
export const REMOTE_MARKER = 'cryptalk-remote';
/** The version of the message schema. */
export const REMOTE_VERSION = 1;

/** A serialized error: a stable code, the class name to revive, and a safe message. */
export interface WireError {
  /** Stable code. */
  readonly code: string;
  /** Class name (`StoreError`, `RemoteError`…). */
  readonly name: string;
  /** Safe message. */
  readonly message: string;
}

interface Base {
  readonly $ct: typeof REMOTE_MARKER;
  readonly v: typeof REMOTE_VERSION;
}

/** A command call. */
export interface CallMessage extends Base {
  readonly k: 'call';
  readonly id: number;
  readonly cmd: string;
  readonly args: readonly PlainData[];
}
/** A successful result. */
export interface OkMessage extends Base {
  readonly k: 'ok';
  readonly id: number;
  readonly value: PlainData;
}
/** A failed result. */
export interface ErrMessage extends Base {
  readonly k: 'err';
  readonly id: number;
  readonly error: WireError;
}
/** An event. */
export interface EventMessage extends Base {
  readonly k: 'event';
  readonly name: string;
  readonly payload: PlainData;
}

/** Any remote message. */
export type RemoteMessage = CallMessage | OkMessage | ErrMessage | EventMessage;

const NAME_RE = new RegExp(`^[A-Za-z][A-Za-z0-9_.:-]{0,${REMOTE_MAX_NAME_LENGTH - 1}}$`);

/** True when `name` is a valid command or event name. */
export function isRemoteName(name: unknown): name is string {
  return typeof name === 'string' && NAME_RE.test(name);
}

const KEYS: Record<RemoteMessage['k'], string> = {
  call: '$ct,args,cmd,id,k,v',
  ok: '$ct,id,k,v,value',
  err: '$ct,error,id,k,v',
  event: '$ct,k,name,payload,v',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= REMOTE_MAX_ID;
}

function plain(v: unknown, what: string): void {
  try {
    assertPlainData(v);
  } catch {
    throw RemoteError.malformed(`${what} is not plain data`);
  }
}

/**
 * Checks that a received value is a {@link WireError}: exactly `code`, `name` and `message`, a code of capital
 * letters, digits and `_` (at most 64), a valid name and a message within `REMOTE_MAX_ERROR_MESSAGE`.
 *
 * @throws RemoteError REMOTE_MALFORMED when it is not.
 */
export function checkWireError(e: unknown): asserts e is WireError {
  if (!isRecord(e) || Reflect.ownKeys(e).map(String).sort().join(',') !== 'code,message,name') {
    throw RemoteError.malformed('bad error');
  }
  if (typeof e.code !== 'string' || e.code.length > 64 || !/^[A-Z][A-Z0-9_]*$/.test(e.code)) {
    throw RemoteError.malformed('bad error code');
  }
  if (!isRemoteName(e.name)) throw RemoteError.malformed('bad error name');
  if (typeof e.message !== 'string' || e.message.length > REMOTE_MAX_ERROR_MESSAGE) {
    throw RemoteError.malformed('bad error message');
  }
}

/**
 * Validates a received value as a remote message, strictly: exact key set, known kind and version, every
 * field's type and limit, and plain data only.
 *
 * @throws RemoteError REMOTE_MALFORMED (and nothing else, whatever `data` is).
 */
export function decodeRemoteMessage(data: unknown): RemoteMessage {
  try {
    return decode(data);
  } catch (e) {
    if (e instanceof RemoteError && e.code === 'REMOTE_MALFORMED') throw e;
    throw RemoteError.malformed('unreadable value');
  }
}

function decode(data: unknown): RemoteMessage {
  if (!isRecord(data)) throw RemoteError.malformed('not a plain object');
  if (data.$ct !== REMOTE_MARKER) throw RemoteError.malformed('missing marker');
  if (data.v !== REMOTE_VERSION) throw RemoteError.malformed('unsupported version');
  const k = data.k;
  if (typeof k !== 'string' || !Object.hasOwn(KEYS, k)) throw RemoteError.malformed('unknown kind');
  const keys = Reflect.ownKeys(data)
    .map((x) => String(x))
    .sort()
    .join(',');
  if (keys !== KEYS[k as RemoteMessage['k']]) throw RemoteError.malformed('unexpected fields');
  switch (k) {
    case 'call': {
      if (!isId(data.id)) throw RemoteError.malformed('bad id');
      if (!isRemoteName(data.cmd)) throw RemoteError.malformed('bad command name');
      const args = data.args;
      if (!Array.isArray(args) || Object.getPrototypeOf(args) !== Array.prototype) {
        throw RemoteError.malformed('args is not an array');
      }
      if (args.length > REMOTE_MAX_ARGS) throw RemoteError.malformed(`more than ${REMOTE_MAX_ARGS} args`);
      plain(args, 'args');
      return data as unknown as CallMessage;
    }
    case 'ok':
      if (!isId(data.id)) throw RemoteError.malformed('bad id');
      plain(data.value, 'value');
      return data as unknown as OkMessage;
    case 'err': {
      if (!isId(data.id)) throw RemoteError.malformed('bad id');
      checkWireError(data.error);
      return data as unknown as ErrMessage;
    }
    default:
      if (!isRemoteName(data.name)) throw RemoteError.malformed('bad event name');
      plain(data.payload, 'payload');
      return data as unknown as EventMessage;
  }
}

/** Builds a call message. */
export function callMessage(id: number, cmd: string, args: readonly PlainData[]): CallMessage {
  return { $ct: REMOTE_MARKER, v: REMOTE_VERSION, k: 'call', id, cmd, args };
}
/** Builds a result message. */
export function okMessage(id: number, value: PlainData): OkMessage {
  return { $ct: REMOTE_MARKER, v: REMOTE_VERSION, k: 'ok', id, value };
}
/** Builds an error message. */
export function errMessage(id: number, error: WireError): ErrMessage {
  return { $ct: REMOTE_MARKER, v: REMOTE_VERSION, k: 'err', id, error };
}
/** Builds an event message. */
export function eventMessage(name: string, payload: PlainData): EventMessage {
  return { $ct: REMOTE_MARKER, v: REMOTE_VERSION, k: 'event', name, payload };
}
