/**
 * The command schema a host serves: which commands exist, how their arguments are checked, and which events
 * are forwarded. Only what is listed here can ever be called; everything else is `REMOTE_UNKNOWN_COMMAND`.
 *
 * @module
 */
import type { PlainData } from './plain-data.js';

/** Checks a call's (already plain-data) arguments. */
export type ArgsCheck = (args: readonly PlainData[]) => boolean;

/** Commands: method name → signature. Arguments and results must be plain data. */
export type CommandMap = {
  /** A command: its arguments and result must be plain data. */
  [name: string]: (...args: never[]) => unknown;
};

/** Events: name → payload. */
export type EventMap = { [name: string]: unknown };

/** The schema of a remote API. */
export interface RemoteSchema<C extends CommandMap, E extends EventMap = EventMap> {
  /** Each command with its argument check. */
  readonly commands: { readonly [K in keyof C & string]: ArgsCheck };
  /** Events forwarded from the target's `on(name, listener)`. */
  readonly events: readonly (keyof E & string)[];
}

/** A check for one argument. */
export type ArgCheck = (value: PlainData) => boolean;

/** Argument checks to build an {@link ArgsCheck} with {@link args}. */
export const arg = {
  /** A string of at most `max` UTF-16 units. */
  string:
    (max = 65_536): ArgCheck =>
    (v) =>
      typeof v === 'string' && v.length <= max,
  /** A finite number. */
  number: (): ArgCheck => (v) => typeof v === 'number' && Number.isFinite(v),
  /** A safe integer in `[min, max]`. */
  int:
    (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): ArgCheck =>
    (v) =>
      Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max,
  /** A boolean. */
  boolean: (): ArgCheck => (v) => typeof v === 'boolean',
  /** A `Uint8Array` of at most `max` bytes. */
  bytes:
    (max = 16 * 1024 * 1024): ArgCheck =>
    (v) =>
      v instanceof Uint8Array && v.length <= max,
  /** Any plain data (already checked by the message validator). */
  any: (): ArgCheck => () => true,
  /** `undefined` or what `check` accepts. */
  optional:
    (check: ArgCheck): ArgCheck =>
    (v) =>
      v === undefined || check(v),
} as const;

/**
 * An {@link ArgsCheck} for positional arguments: no more arguments than checks, each passing its check
 * (missing ones are `undefined`, so use `arg.optional` for optional trailing ones).
 *
 * @example
 * const schema = { commands: { send: args(arg.string(64), arg.string()) }, events: ['message'] };
 */
export function args(...checks: ArgCheck[]): ArgsCheck {
  return (values) =>
    values.length <= checks.length && checks.every((check, i) => check(values[i] as PlainData));
}

/**
 * Identity helper that types a schema against an API.
 *
 * @example
 * const schema = defineRemoteSchema<Api, Events>({ commands: { ping: args() }, events: ['tick'] });
 */
export function defineRemoteSchema<C extends CommandMap, E extends EventMap = EventMap>(
  schema: RemoteSchema<C, E>,
): RemoteSchema<C, E> {
  return schema;
}
