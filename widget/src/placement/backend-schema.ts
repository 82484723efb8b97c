/**
 * The {@link ChatBackend} as a serializable command/event API: every method is a command, every event an
 * event, every value plain data. {@link RemoteBackend} calls it; {@link serveBackend} serves it. Because it
 * is defined on the `ChatBackend` interface, it keeps working whatever the SDK client's internals become.
 *
 * @module
 */
import { arg, args, defineRemoteSchema, type WireError } from '@cryptalk/sdk/remote';
import type {
  BackendCapabilities,
  CallCredentialKind,
  CallCredentialsAnswer,
  CallRoomInfo,
  CallSignalEvent,
  ChatItem,
  RoomSummary,
} from '../backend/chat-backend.js';
import { MAX_ATTACHMENT_BYTES, MAX_MESSAGE_LENGTH } from '../limits.js';
import type { PersistMode } from './placement.js';

/** Longest message id accepted over the channel, in UTF-16 units. */
export const REMOTE_BACKEND_MAX_ID = 512;
/** Longest room accepted over the channel: a room name or a whole invite link. */
export const REMOTE_BACKEND_MAX_ROOM = 4096;
/** Longest file name or media type of an attachment sent over the channel. */
export const REMOTE_BACKEND_MAX_NAME = 1024;
/** Longest relay URL or invite base given to `hello`. */
export const REMOTE_BACKEND_MAX_URL = 2048;
/** Longest call signal carried either way, in UTF-16 units: the SDK's `MAX_SIGNAL_CHARS` (calls/limits.ts). */
export const REMOTE_BACKEND_MAX_CALL_SIGNAL = 80_000;
/** Longest member id carried with a call signal (`ed25519:` and base64 of 32 bytes fit many times over). */
export const REMOTE_BACKEND_MAX_MEMBER_ID = 256;

/** What the serving side needs to build its backend (the worker builds a `ClientBackend` from it). */
export interface BackendInit {
  /** The relay's WebSocket URL (or `memory:`). */
  relay: string;
  /** Base URL of invite links. */
  inviteBase: string;
  /** Whether the backend keeps its identity and history in the device store. @default 'device' */
  persist?: PersistMode;
}

/** The answer to `hello`: the synchronous properties of the backend. */
export interface BackendInfo {
  capabilities: BackendCapabilities;
  userName: string;
}

/** An attachment as plain data: the file's bytes with its name and type. */
export interface WireFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** Commands of the remote backend: one per `ChatBackend` method, plus `hello`. */
export type BackendCommands = {
  hello(init: BackendInit): BackendInfo | Promise<BackendInfo>;
  connect(): Promise<void>;
  join(room: string): Promise<ChatItem[]>;
  send(room: string, text: string, options?: { replyTo?: string }): Promise<void>;
  edit(room: string, id: string, text: string): Promise<void>;
  delete(room: string, id: string): Promise<void>;
  react(room: string, id: string, emoji: string): Promise<void>;
  typing(room: string, active: boolean): void;
  markRead(room: string, id: string): void;
  sendAttachment(room: string, file: WireFile, upload: number): Promise<void>;
  setDisappearing(room: string, seconds: number): Promise<void>;
  inviteLink(room: string): Promise<string>;
  safetyNumber(room: string): Promise<string>;
  rooms(): RoomSummary[];
  close(): void;
  callRoom(room: string): Promise<CallRoomInfo>;
  callSignal(room: string, payload: string): void;
  callCredentials(room: string, kind: CallCredentialKind): Promise<CallCredentialsAnswer>;
  callMediaSecret(room: string): Promise<Uint8Array>;
};

/** Events of the remote backend: the `ChatBackendEvents`, with errors and upload progress as plain data. */
export type BackendWireEvents = {
  message: ChatItem;
  /** Received messages in order, a burst's worth at a time (see `REMOTE_MESSAGE_BATCH_MAX`). */
  messages: ChatItem[];
  connection: { state: 'disconnected' | 'connecting' | 'connected' };
  typing: { room: string; names: string[] };
  rooms: RoomSummary[];
  timer: { room: string; seconds: number };
  error: WireError;
  progress: { upload: number; fraction: number };
  callSignal: CallSignalEvent;
};

const id = () => arg.string(REMOTE_BACKEND_MAX_ID);
const room = () => arg.string(REMOTE_BACKEND_MAX_ROOM);
const text = () => arg.string(MAX_MESSAGE_LENGTH);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
const only = (v: Record<string, unknown>, keys: string[]) => Object.keys(v).every((k) => keys.includes(k));

/** Checks `hello`'s argument: `{ relay, inviteBase }`, both bounded strings, and an optional `persist` mode. */
const initArg = arg.optional(
  (v) =>
    isRecord(v) &&
    only(v, ['relay', 'inviteBase', 'persist']) &&
    arg.string(REMOTE_BACKEND_MAX_URL)(v.relay as string) &&
    arg.string(REMOTE_BACKEND_MAX_URL)(v.inviteBase as string) &&
    (v.persist === undefined || v.persist === 'device' || v.persist === 'none'),
);

/** Checks `send`'s options: nothing, or `{ replyTo?: id }`. */
const sendOptions = arg.optional(
  (v) => isRecord(v) && only(v, ['replyTo']) && arg.optional(id())(v.replyTo as string | undefined),
);

/** Checks an attachment: `{ name, type, bytes }` within {@link MAX_ATTACHMENT_BYTES}. */
const fileArg = (v: unknown) =>
  isRecord(v) &&
  only(v, ['name', 'type', 'bytes']) &&
  arg.string(REMOTE_BACKEND_MAX_NAME)(v.name as string) &&
  arg.string(REMOTE_BACKEND_MAX_NAME)(v.type as string) &&
  arg.bytes(MAX_ATTACHMENT_BYTES)(v.bytes as Uint8Array);

/** The schema: only these commands can be called, each argument checked. */
export const BACKEND_SCHEMA = defineRemoteSchema<BackendCommands, BackendWireEvents>({
  commands: {
    hello: args(initArg),
    connect: args(),
    join: args(room()),
    send: args(room(), text(), sendOptions),
    edit: args(room(), id(), text()),
    delete: args(room(), id()),
    react: args(room(), id(), arg.string(64)),
    typing: args(room(), arg.boolean()),
    markRead: args(room(), id()),
    sendAttachment: args(room(), fileArg, arg.int(1, 2 ** 31 - 1)),
    setDisappearing: args(room(), arg.int(0, 365 * 86_400)),
    inviteLink: args(room()),
    safetyNumber: args(room()),
    rooms: args(),
    close: args(),
    callRoom: args(room()),
    callSignal: args(room(), arg.string(REMOTE_BACKEND_MAX_CALL_SIGNAL)),
    callCredentials: args(room(), (v) => v === 'turn' || v === 'livekit'),
    callMediaSecret: args(room()),
  },
  events: [
    'message',
    'messages',
    'connection',
    'typing',
    'rooms',
    'timer',
    'error',
    'progress',
    'callSignal',
  ],
});

/**
 * Checks a `callSignal` event strictly before the page acts on it: exactly `{ room, from, payload }`, each a
 * bounded string (events are not checked by the schema, and the other side may be a compromised frame).
 */
export function isCallSignalEvent(v: unknown): v is CallSignalEvent {
  return (
    isRecord(v) &&
    only(v, ['room', 'from', 'payload']) &&
    typeof v.room === 'string' &&
    v.room.length > 0 &&
    v.room.length <= REMOTE_BACKEND_MAX_ROOM &&
    typeof v.from === 'string' &&
    v.from.length > 0 &&
    v.from.length <= REMOTE_BACKEND_MAX_MEMBER_ID &&
    typeof v.payload === 'string' &&
    v.payload.length > 0 &&
    v.payload.length <= REMOTE_BACKEND_MAX_CALL_SIGNAL
  );
}
